#!/bin/sh
# Writes tests/data/wget-crawl.warc.gz: a real crawl by GNU Wget of a tiny site served on
# loopback (pages, their stylesheet, script and icon, a redirect, a missing page, a page
# sent gzipped in chunks, which wget keeps as sent), so the
# reader is tested on the bytes a crawler writes (WARC/1.0 with "<uri>" targets, request,
# warcinfo, metadata and resource records). Needs wget; run from the repository root.
set -eu
tmp=$(mktemp -d)
out=$(pwd)/tests/data
mkdir -p "$tmp/www/blog" "$tmp/crawl"
for i in 1 2 3; do
  para="The river path along the old mill was reopened on day $i of the works after two years of repairs to its stone walls."
  cat > "$tmp/www/blog/post$i.html" <<HTML
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post $i | Mill Notes</title>
<link rel="stylesheet" href="/style.css"><script src="/app.js"></script><link rel="icon" href="/favicon.png"></head>
<body><nav><a href="/blog/post1.html">Post 1</a> <a href="/blog/post2.html">Post 2</a> <a href="/blog/post3.html">Post 3</a></nav>
<article><h1>Post $i</h1><p>$para $para</p><p>$para</p></article>
<p><a href="/old">Old address</a> <a href="/missing.html">Missing</a></p></body></html>
HTML
done
printf 'body { font-family: serif; }\n' > "$tmp/www/style.css"
printf 'document.title = document.title;\n' > "$tmp/www/app.js"
printf '\211PNG\r\n\032\n' > "$tmp/www/favicon.png"
cat > "$tmp/server.py" <<'PY'
import functools, gzip, http.server, os, sys
class H(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        if self.path == "/old":
            self.send_response(301); self.send_header("Location", "/blog/post2.html")
            self.send_header("Content-Length", "0"); self.end_headers(); return
        if self.path == "/blog/post3.html":  # gzipped, then sent in chunks of 100 bytes
            body = gzip.compress(open(os.path.join(sys.argv[2], "blog/post3.html"), "rb").read())
            self.send_response(200); self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip"); self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 100):
                piece = body[i:i + 100]
                self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n"); return
        return super().do_GET()
    def log_message(self, *args):
        pass
handler = functools.partial(H, directory=sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
PY
python3 "$tmp/server.py" 8799 "$tmp/www" & pid=$!
sleep 1
cd "$tmp/crawl"
wget -q --warc-file="$out/wget-crawl" --no-warc-keep-log --delete-after -r -l 2 -p -e robots=off --compression=gzip \
  http://127.0.0.1:8799/blog/post1.html || true
kill $pid
rm -rf "$tmp"
