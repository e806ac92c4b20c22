"""The synthetic Kota Sibolga demo city."""
