"""The clickstream simulator: deterministic demo data (generate) and a live stream shaped from the portal (main)."""
