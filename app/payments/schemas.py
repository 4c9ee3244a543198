from marshmallow import Schema, fields, validate


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


class ConfirmSchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=200))


class CardPaymentSchema(Schema):
    payment = fields.Nested(PaymentSchema, dump_only=True)
    client_secret = fields.String(dump_only=True, metadata={
        "description": "Confirm the PaymentIntent with Stripe's SDK (Payment Element, mobile SDKs) using this secret"})
    publishable_key = fields.String(dump_only=True)
    idempotency_key = fields.String(dump_only=True, metadata={
        "description": "The key the PaymentIntent was created with: repeating the call never creates a second one"})
