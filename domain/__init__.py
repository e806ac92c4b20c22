"""Mutasi's domain: aggregates, value objects, rules and the planner. No Flask, no peewee."""
