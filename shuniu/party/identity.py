"""Resident identity numbers (GB 11643-1999) and phone numbers, checked as entered.

A party member's 身份证号 is the key that keeps one person in one branch
(PartyMember._refuse_second_registration): a number mistyped is a second person,
and a pocket member found twice. The 18th character is a check character (ISO
7064 MOD 11-2), digits 7-14 a birth date; either wrong means a typo.
"""
from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_ID = re.compile(r"^\d{17}[\dX]$")
# A mainland mobile (11 digits from 13…19, +86 allowed) or a landline with its area code (010-12345678).
_PHONE = re.compile(r"^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}\d{7,8})$")
_PHONE_SEPARATORS = re.compile(r"[\s-]")


def check_char(body: str) -> str:
    """The 18th character of an identity number whose first 17 digits are `body`."""
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def valid_id(body: str) -> str:
    """`body` (17 digits) completed with its check character: a number that passes (demo data, tests)."""
    return body + check_char(body)


def validate_id_number(value: str) -> None:
    number = value.strip().upper()
    if not _ID.match(number):
        raise ValidationError(_("An identity number is 18 characters: 17 digits, then a digit or X."),
                              code="format")
    try:
        datetime.datetime.strptime(number[6:14], "%Y%m%d")
    except ValueError:
        raise ValidationError(_("Characters 7 to 14 of an identity number are a birth date; %(digits)s is none.")
                              % {"digits": number[6:14]}, code="birth_date") from None
    if number[17] != check_char(number[:17]):
        raise ValidationError(_("The last character does not match the first 17: one of them is mistyped."),
                              code="check_char")


def validate_phone(value: str) -> None:
    if value.strip() and not _PHONE.match(_PHONE_SEPARATORS.sub("", value.strip())):
        raise ValidationError(_("A phone number is a mobile number (11 digits, 13… to 19…) or a landline with "
                                "its area code (010-12345678)."), code="phone")
