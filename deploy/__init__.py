"""Deployment: the nginx configuration (nginx_conf.py, also run as a script)."""
