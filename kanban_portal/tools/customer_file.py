"""What a customer may attach to a comment or a payment report: a PDF that a
PDF parser opens, or an image that Pillow decodes; stored under a name whose
extension says what the file really is."""

import io
import os

from PIL import Image

from odoo.exceptions import UserError
from odoo.tools.image import IMAGE_MAX_RESOLUTION
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.pdf import PdfReader

# accepted mimetype -> (extension, Pillow format or None for PDF)
CUSTOMER_FILE_TYPES = {
    "application/pdf": (".pdf", None),
    "image/png": (".png", "PNG"),
    "image/jpeg": (".jpg", "JPEG"),
    "image/gif": (".gif", "GIF"),
    "image/webp": (".webp", "WEBP"),
}


def _opens_as_pdf(content):
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        return len(reader.pages) > 0
    except Exception:  # noqa: BLE001 - whatever a parser raises on a file that is no PDF
        return False


def _opens_as_image(content, image_format):
    try:
        with Image.open(io.BytesIO(content)) as image:
            # decoding a small file of huge dimensions would take the worker's
            # memory: Odoo's own limit for images, before any decoding
            width, height = image.size
            if image.format != image_format or width * height > IMAGE_MAX_RESOLUTION:
                return False
            image.verify()
        # verify() checks the structure, load() decodes the pixels
        with Image.open(io.BytesIO(content)) as image:
            image.load()
    except Exception:  # noqa: BLE001 - whatever Pillow raises on a file that is no such image
        return False
    return True


def customer_file_type(content):
    """The accepted mimetype ``content`` really is, or ``None``.

    The first bytes only say what a file claims to be (a GIF header followed
    by a script, ``%PDF-`` followed by a ZIP): the file must also open as one.
    """
    mimetype = guess_mimetype(content, default="")
    if mimetype not in CUSTOMER_FILE_TYPES:
        return None
    image_format = CUSTOMER_FILE_TYPES[mimetype][1]
    valid = _opens_as_pdf(content) if image_format is None else _opens_as_image(content, image_format)
    return mimetype if valid else None


def customer_file_name(filename, mimetype):
    """``filename`` with the extension of ``mimetype`` (``comprobante.js``
    holding a GIF is stored as ``comprobante.gif``)."""
    stem, extension = os.path.splitext(os.path.basename(filename or ""))
    wanted = CUSTOMER_FILE_TYPES[mimetype][0]
    if extension.lower() == wanted or (wanted == ".jpg" and extension.lower() == ".jpeg"):
        return os.path.basename(filename)
    return f"{stem or 'file'}{wanted}"


def check_customer_file(env, filename, content, company):
    """Raise a translated UserError unless ``content`` is a PDF or a common
    image (one that opens as such, not a name nor first bytes) within the
    size limit of ``company`` (Settings).

    :return: ``(name, mimetype)`` to store it under: the name takes the
        extension of what the file really is
    """
    max_mb = company.kanban_portal_max_file_mb
    if max_mb and len(content) > max_mb * 1024 * 1024:
        raise UserError(
            env._("The file %(name)s is too large: at most %(limit)s MB are allowed.", name=filename, limit=max_mb)
        )
    mimetype = customer_file_type(content)
    if not mimetype:
        raise UserError(
            env._(
                "The file %(name)s is not accepted: only PDF files and images (PNG, JPEG, GIF, WebP) are.",
                name=filename,
            )
        )
    return customer_file_name(filename, mimetype), mimetype
