"""Clinic check-in: signed tokens a participant shows at the desk as a QR code, the desk, visits, misuse signals.

`tokens` is the format itself (pure: no database, no clock, no settings); `keys` keeps the signing
keys and publishes their public halves; `views` serves the citizen's QR page and the JWKS; `desk` is the
reception desk, `visits` the citizen's list of check-ins; `signals` tells the apps above that a visit was
recorded. The format is documented for third-party verifiers in docs/checkin-token.md.
"""
