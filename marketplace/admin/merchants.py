"""Admin for this area (see __init__)."""
