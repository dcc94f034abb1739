"""A service that depends on the app (like prometheus scraping it): healthy only while the app answers."""
import time
import urllib.request

while True:
    try:
        urllib.request.urlopen("http://app:8000/health", timeout=2).read()
        ok = True
    except Exception as e:
        print("scrape of app failed: %s" % e, flush=True)
        ok = False
    with open("/tmp/status", "w") as f:
        f.write("ok\n" if ok else "app unreachable\n")
    time.sleep(2)
