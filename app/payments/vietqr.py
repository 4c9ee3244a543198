"""VietQR codes for bank transfers: the NAPAS EMVCo merchant-presented payload (built and parsed with the
pinned `vietnam-qr-pay` package), checked before it is shown, and drawn with segno.

Payload: 00 format "01", 01 initiation "12" (with an amount), 38 account (GUID A000000727, the bank's BIN,
the account number, service QRIBFTTA = transfer to an account), 53 currency 704 (VND), 54 amount (whole
đồng), 58 country VN, 62.08 the transfer description (our payment reference), 63 CRC-16/CCITT-FALSE.
Banking apps fill in amount and description from it, so the payer cannot mistype the reference.
"""
from __future__ import annotations

import io
import re

import segno
from vietnam_qr_pay import QRPay

SAFE_DESCRIPTION = re.compile(r"^[A-Za-z0-9 .\-]{1,25}$")  # what every bank keeps in a transfer description


class InvalidPayload(ValueError):
    pass


def payload(bank_bin: str, account_number: str, amount: int, reference: str) -> str:
    """The VietQR text for a transfer of `amount` đồng with `reference` as description; checked by parsing it back."""
    if not (isinstance(amount, int) and 0 < amount < 10**13):
        raise InvalidPayload("amount must be a positive whole number of đồng")
    if not SAFE_DESCRIPTION.match(reference):
        raise InvalidPayload("the reference must be plain letters and digits")
    text = QRPay.init_viet_qr(bank_bin=bank_bin, bank_number=account_number, amount=str(amount),
                              purpose=reference).build()
    parsed = parse(text)
    if (parsed["bank_bin"], parsed["account_number"], parsed["amount"], parsed["reference"]) != \
            (bank_bin, account_number, amount, reference):
        raise InvalidPayload("the payload does not read back")
    return text


def parse(text: str) -> dict:
    """Read a VietQR payload; InvalidPayload unless its CRC and structure are right."""
    qr = QRPay(text)
    if not qr.is_valid or text[-8:-4] != "6304" or qr.provider.guid != "A000000727":
        raise InvalidPayload("not a valid VietQR payload")
    return {"bank_bin": qr.consumer.bank_bin, "account_number": qr.consumer.bank_number,
            "amount": int(qr.amount) if qr.amount else None, "currency": qr.currency, "country": qr.nation,
            "reference": qr.additional_data.purpose, "initiation": qr.init_method}


def svg(text: str, title: str = "") -> bytes:
    buf = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buf, kind="svg", scale=6, border=4, title=title or None,
                                                  svgclass=None, lineclass=None)
    return buf.getvalue()


def png(text: str) -> bytes:
    buf = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buf, kind="png", scale=8, border=4)
    return buf.getvalue()
