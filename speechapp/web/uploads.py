"""An upload handler that stops receiving a request body past a hard ceiling.

Django bounds the form fields of a post (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams an
uploaded file of any size to a temporary file before a view can look at it. A file a little
over the upload limit still reaches the form, which says how large it was; a body past the
ceiling is refused at once with the 400 page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


def request_ceiling() -> int:
    return 4 * settings.SPEECHAPP_MAX_UPLOAD_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class BoundedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > request_ceiling():
            raise RequestDataTooBig("Request body exceeded the upload ceiling.")
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        # A body sent without a length (chunked) is counted as it arrives.
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > request_ceiling():
            raise RequestDataTooBig("Uploaded files exceeded the upload ceiling.")
        return raw_data

    def file_complete(self, file_size):
        return None
