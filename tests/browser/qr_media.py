"""Pictures of QR codes for the browser tests: decoding a screenshot with a real decoder (zxing-cpp),
and a fake camera for Chromium (a YUV4MPEG2 file it plays as the webcam) that films a QR code."""

import io
from pathlib import Path

import qrcode
import zxingcpp
from PIL import Image

# Chromium's fake capture device accepts planar 4:2:0 only; 640 × 480 is a usual webcam size.
CAMERA_SIZE = (640, 480)


def decode_qr(png: bytes) -> list[str]:
    """Every QR code zxing-cpp finds in a PNG, as text."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def qr_image(text: str, *, box_size: int = 4) -> Image.Image:
    """The text as a black-on-white QR code, error correction M as the portal draws it."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4)
    qr.add_data(text)
    return qr.make_image().get_image().convert("L")


def write_fake_camera(path: Path, picture: Image.Image, *, frames: int = 3) -> Path:
    """A Y4M video of `picture` centred on a grey background, a few identical frames (Chromium loops it)."""
    width, height = CAMERA_SIZE
    assert picture.width <= width and picture.height <= height, "the QR code does not fit the camera frame"
    frame = Image.new("L", CAMERA_SIZE, 160)
    frame.paste(picture.convert("L"), ((width - picture.width) // 2, (height - picture.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * ((width // 2) * (height // 2))  # no colour: both chroma planes neutral
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)
    return path
