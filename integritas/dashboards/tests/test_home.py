from django.urls import reverse


def test_employee_home_page_shows_welcome(world, client_for):
    client = client_for(world.users["employee"])
    response = client.get(reverse("home_tenant", kwargs={"tenant_slug": "contoh"}))
    assert response.status_code == 200


def test_outsider_gets_404_for_another_pemda(world, client_for):
    client = client_for(world.users["outsider"])
    response = client.get(reverse("home_tenant", kwargs={"tenant_slug": "contoh"}))
    assert response.status_code == 404


def test_staff_without_totp_is_sent_to_enrol(world, client_for):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.users["auditor"]).delete()
    client = client_for(world.users["auditor"])
    response = client.get(reverse("home_tenant", kwargs={"tenant_slug": "contoh"}))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
