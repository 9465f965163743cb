"""Signed check-in tokens: what a participant shows at the clinic desk as a QR code.

`tokens` is the format itself (pure: no database, no clock, no settings); `keys` keeps the signing
keys and publishes their public halves; `views` serves the JWKS. The format is documented for
third-party verifiers in docs/checkin-token.md.
"""
