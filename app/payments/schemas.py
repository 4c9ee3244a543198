from marshmallow import Schema, fields

from ..validation import Input, Text


class PaymentSchema(Schema):
    id = fields.Integer(dump_only=True)
    purpose = fields.String(dump_only=True)
    object_id = fields.Integer(dump_only=True)
    organisation_id = fields.Integer(dump_only=True)
    description = fields.String(dump_only=True)
    amount = fields.Integer(dump_only=True, metadata={"description": "Whole VND (zero-decimal currency)"})
    currency = fields.String(dump_only=True)
    provider = fields.Function(lambda p: p.provider.value, dump_only=True)
    status = fields.Function(lambda p: p.status.value, dump_only=True)
    reference = fields.String(dump_only=True, metadata={"description": "Write this on the bank transfer"})
    paid_at = fields.DateTime(dump_only=True)
    refunded_at = fields.DateTime(dump_only=True)


class ReceivedInput(Input):
    """Confirming that a bank transfer arrived: an optional note (bank, date)."""

    note = Text(200)


class CardPaymentSchema(Schema):
    payment = fields.Nested(PaymentSchema, dump_only=True)
    client_secret = fields.String(dump_only=True, metadata={
        "description": "Confirm the PaymentIntent with Stripe's SDK (Payment Element, mobile SDKs) using this secret"})
    publishable_key = fields.String(dump_only=True)
    idempotency_key = fields.String(dump_only=True, metadata={
        "description": "The key the PaymentIntent was created with: repeating the call never creates a second one"})


# ------------------------------------------------------------------ payee accounts (input validated once, here)

import re  # noqa: E402
import unicodedata  # noqa: E402

from flask_babel import lazy_gettext as _l  # noqa: E402

from ..validation import Choice, Input, Text  # noqa: E402
from . import banks  # noqa: E402


class AccountNumber(Text):
    """6–19 digits or letters (NAPAS account numbers and VietQR's limit); spaces, dots and dashes that
    people paste from a bank letter are dropped."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        compact = re.sub(r"[\s.\-]", "", text).upper()
        if not re.fullmatch(r"[0-9A-Z]{6,19}", compact):
            raise self.fail()
        return compact


def bank_name_form(text: str) -> str:
    """A holder's name as Vietnamese banks print it: without tone marks, upper case (Công ty Tre Xanh →
    CONG TY TRE XANH)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().upper()


class AccountName(Text):
    def _deserialize(self, value, attr, data, **kwargs):
        name = bank_name_form(super()._deserialize(value, attr, data, **kwargs))
        if not re.fullmatch(r"[A-Z0-9 .,&()/'\-]{2,70}", name):
            raise self.fail()
        return name


class PayeeInput(Input):
    bank = Choice(banks.bins, required=True, message=_l("Choose the bank from the list."))
    account_number = AccountNumber(40, required=True,
                                   message=_l("Write the account number: 6 to 19 digits or letters."))
    account_name = AccountName(100, required=True, message=_l(
        "Write the account holder's name as the bank shows it (letters, digits and . , & ( ) / - only)."))
