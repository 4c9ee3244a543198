"""Green finance: banks and funds post offers, businesses see which ones they qualify for and send
an expression of interest with explicit consent (issue 7)."""
