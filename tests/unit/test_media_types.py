"""The media types objects are written with (an S3 static website serves them as given)."""

from xxgk.storage.media_types import media_type_for


def test_media_types_of_a_static_site():
    assert media_type_for("data_docs/index.html") == "text/html; charset=utf-8"
    assert media_type_for("static/vendor/bootstrap/dist/css/bootstrap.min.css") == \
        "text/css; charset=utf-8"
    assert media_type_for("static/vendor/jquery/dist/jquery.min.js") == \
        "text/javascript; charset=utf-8"
    assert media_type_for("webfonts/fa-solid-900.WOFF2") == "font/woff2"
    assert media_type_for("static/images/favicon.ico") == "image/x-icon"
    assert media_type_for("raw/objects/ab/abcdef") == "application/octet-stream"
