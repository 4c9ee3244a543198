"""Payments: booth fees and promotion packages, by Stripe (PaymentIntents + Payment Element) or by bank
transfer with manual confirmation. Generic: other domains register what a paid purpose grants."""
