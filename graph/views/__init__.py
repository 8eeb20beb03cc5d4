"""What the law pages show — a recommendation, a provision, a product, an act — as plain
dataclasses the templates render, built from the named queries that start from the page's
own resource."""
