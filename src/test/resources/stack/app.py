"""A small app like the troubleshooting page's example: needs PostgreSQL (DATABASE_URL), Redis (REDIS_URL) and a DashScope key.
Every 2 s it checks all three, prints what fails the way real clients do, and serves /health on :8000
only while everything works (the HEALTHCHECK reads /tmp/status)."""
import http.server
import os
import threading
import time

import psycopg2
import redis

status = {"ok": False}


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if status["ok"] else 503)
        self.end_headers()
        self.wfile.write(b"ok\n" if status["ok"] else b"failing\n")

    def log_message(self, *args):
        pass


threading.Thread(target=http.server.HTTPServer(("0.0.0.0", 8000), Health).serve_forever, daemon=True).start()
print("INFO:     Application startup complete.", flush=True)
while True:
    problems = []
    try:
        psycopg2.connect(os.environ.get("DATABASE_URL", ""), connect_timeout=3).close()
    except Exception as e:
        problems.append("psycopg2.OperationalError: " + str(e).strip().replace("\n", " "))
    try:
        redis.Redis.from_url(os.environ.get("REDIS_URL", ""), socket_connect_timeout=3).ping()
    except Exception as e:
        problems.append("redis.exceptions.ConnectionError: " + str(e).strip())
    if not os.environ.get("DASHSCOPE_API_KEY"):
        problems.append("ValueError: DASHSCOPE_API_KEY is not set; please set the DASHSCOPE_API_KEY environment variable")
    for p in problems:
        print(p, flush=True)
    status["ok"] = not problems
    with open("/tmp/status.new", "w") as f:
        f.write("ok\n" if not problems else "\n".join(problems) + "\n")
    os.replace("/tmp/status.new", "/tmp/status")
    time.sleep(2)
