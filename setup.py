"""The package list, computed: pyproject.toml cannot both find the packages and map the
top-level ontology/, shapes/ and queries/ folders into the wheel as ``graph/ontology``,
``graph/shapes`` and ``graph/queries`` (read through ``importlib.resources``)."""

from setuptools import find_namespace_packages, setup

RESOURCE_DIRS = {f"graph.{name}": name for name in ("ontology", "shapes", "queries")}

setup(
    packages=[
        *find_namespace_packages(include=["graph*", "service*"], exclude=["*.__pycache__"]),
        *RESOURCE_DIRS,
    ],
    package_dir=RESOURCE_DIRS,
)
