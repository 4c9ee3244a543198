"""Green logistics: provider profiles, shipment CO2e estimator, provider matching, transport quotes."""
