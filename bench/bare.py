"""A bare Flask endpoint, served the same way as the app, as the throughput yardstick."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"
