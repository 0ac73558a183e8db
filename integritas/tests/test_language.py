from django.test import Client
from django.urls import reverse


def test_pages_speak_indonesian_whatever_the_browser_asks(db):
    response = Client().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert 'lang="id"' in response.content.decode()
    assert "Masuk" in response.content.decode()


def test_the_language_switch_turns_the_pages_english(db):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/akun/login/"})
    response = client.get(reverse("account_login"))
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
