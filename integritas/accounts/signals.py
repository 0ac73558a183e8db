"""Moments when a user's password is in hand, for apps that derive keys from it (cases).

Both are sent with `user`, `password` and `request` (None outside a request). Receivers must not
store or log the password.
"""

from django.dispatch import Signal

password_verified = Signal()  # a login checked the password
password_changed = Signal()  # a new password was set (change, reset or first set)
