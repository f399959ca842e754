"""Running the app beyond one server: nginx in front of identical replicas."""
