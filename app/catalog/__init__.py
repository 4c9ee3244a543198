"""Product listings of producer organisations: taxonomy, price tiers, photos, claims, search documents."""
