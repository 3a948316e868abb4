"""The app server, nginx (with the cache-purge module) and the purge worker."""

import shutil

from .common import (
    APP_PORT,
    NGINX_PORT,
    PURGE_PORT,
    SERVERS,
    WORK,
    environment,
    running,
)

NGINX_CONF = """
include /etc/nginx/modules-enabled/*.conf;
user root;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    proxy_cache_path {work}/nginx-cache levels=1:2 keys_zone=pages:20m
                     max_size=1g inactive=60m use_temp_path=off;
    upstream app {{ server 127.0.0.1:{app_port}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{port};
        location /copy/ {{ alias {work}/copy/; }}
        location /static/ {{ alias {work}/static/; }}
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_cache pages;
            proxy_cache_key $host$request_uri;
            proxy_cache_bypass $cookie_sessionid $cookie_messages;
            proxy_no_cache $cookie_sessionid $cookie_messages;
            proxy_cache_lock on;
            add_header X-Nginx-Cache $upstream_cache_status;
        }}
    }}
    # Purges only (Wagtail's HTTPBackend sends PURGE here). The module's
    # "PURGE in the same location" form crashes nginx 1.22's workers.
    server {{
        listen 127.0.0.1:{purge_port};
        location / {{
            allow 127.0.0.1;
            deny all;
            proxy_cache_purge pages $host$request_uri;
        }}
    }}
}}
"""


def app_server(args, page_cache=True, kept_blocks=True, name=None, **extra):
    """The app server in production settings; `extra`: more variables."""
    command = [
        part.format(workers=args.workers, port=APP_PORT)
        for part in SERVERS[args.server]
    ]
    name = name or f"app-{'cached' if page_cache else 'uncached'}"
    env = environment(page_cache, kept_blocks, **extra)
    return running(command, env, f"http://127.0.0.1:{APP_PORT}/", name)


def nginx():
    conf = WORK / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            work=WORK, port=NGINX_PORT, app_port=APP_PORT, purge_port=PURGE_PORT
        )
    )
    shutil.rmtree(WORK / "nginx-cache", ignore_errors=True)
    return running(["nginx", "-c", str(conf), "-g", "daemon off;"], None, None, "nginx")


def purge_worker():
    command = [".venv/bin/python", "manage.py", "work", "--queues=purge"]
    return running(command, environment(), None, "purge-worker")
