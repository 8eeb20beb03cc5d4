"""HTTP routers, one per question family."""
