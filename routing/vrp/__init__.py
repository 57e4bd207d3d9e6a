"""Vehicle routing with capacities and time windows (road pickups, Solomon VRPTW)."""
