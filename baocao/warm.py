"""Imported by the worker pool's fork server: the indicator list and its match index are
built once there, so every worker (and every replacement after a crash) starts with them."""

from .pipeline import default_indicators

default_indicators()
