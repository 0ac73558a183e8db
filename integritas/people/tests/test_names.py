"""Sorting names without the titles and degrees written around them."""

import pytest

from integritas.people.names import sort_name


@pytest.mark.parametrize(("name", "key"), [
    ("Dr. H. Ahmad Fauzi, S.E., M.Si.", "ahmad fauzi"),
    ("dr. Siti Rahmawati", "siti rahmawati"),
    ("Drs. Bambang Sutrisno, M.M.", "bambang sutrisno"),
    ("Dra. Nur Aini", "nur aini"),
    ("Ir. Joko Susilo, Ph.D.", "joko susilo"),
    ("Hj. Fatimah, S.H.", "fatimah"),
    ("Prof. Dr. Ir. H. Hasan Basri", "hasan basri"),
    ("KH. Abdullah Syafii", "abdullah syafii"),
    ("R. Ayu Lestari, A.Md.", "ayu lestari"),
    ("Rina Wulandari, S.Kom.", "rina wulandari"),
])
def test_titles_and_degrees_are_left_out_of_the_sort_name(name, key):
    assert sort_name(name) == key


def test_degrees_without_a_comma_are_left_out():
    assert sort_name("Muhammad Ihsan S.H. M.H.") == "muhammad ihsan"


def test_whitespace_is_normalised_and_case_lowered():
    assert sort_name("  BUDI   Hartono \t") == "budi hartono"


def test_names_that_begin_like_a_title_are_kept():
    assert sort_name("Drajat Santoso") == "drajat santoso"
    assert sort_name("Irawati") == "irawati"
    assert sort_name("Hendra") == "hendra"


def test_a_single_letter_without_a_dot_is_an_initial_not_a_title():
    assert sort_name("R Soeprapto") == "r soeprapto"


def test_initials_inside_the_name_are_kept():
    assert sort_name("H. M. Yusuf, A.Md.") == "m. yusuf"


def test_a_name_made_only_of_a_title_is_not_emptied():
    assert sort_name("Dr.") == "dr."
