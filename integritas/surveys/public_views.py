"""The anonymous survey form at /<tenant>/s/<token>/: no login, no JavaScript, one visit, one
response. See abuse.py for the limits; nothing about the respondent is stored."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from integritas.core.errors import DomainError, NotFound
from integritas.surveys import abuse, selectors, services


def _link(request, token):
    try:
        return selectors.link_by_token(request.tenant, token)
    except NotFound:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def survey_form(request, tenant_slug, token):
    link = _link(request, token)
    today = timezone.localdate()
    try:
        policy = selectors.policy_in_force(today)
    except DomainError as error:
        return _notice(request, link, error.render(), status=error.status)
    periods = selectors.open_periods(link, today)
    if not periods:
        return _notice(request, link, _("There is no survey open at this unit at the moment. "
                                        "Thank you for your interest."))
    pending = [p for p in periods if p.pk not in abuse.answered_periods(request)]
    if not pending:
        return _notice(request, link, _("You have already answered this survey from this "
                                        "device. Thank you!"))
    chosen, problem, status = {}, "", 200
    if request.method == "POST":
        chosen = {key: value for key, value in request.POST.items() if "-" in key}
        visit = request.POST.get("visit", "")
        if not abuse.visit_is_valid(visit, link.pk, policy.visit_valid_minutes):
            problem, status = _("This form has expired. Please answer again and send."), 400
        elif not abuse.within_rate(request, request.tenant, policy.responses_per_address_per_hour):
            problem, status = _("Too many answers have come from this network in the last "
                                "hour. Please try again later."), 429
        else:
            answers = {p.pk: {q["code"]: chosen.get(f"{p.pk}-{q['code']}")
                              for q in p.questionnaire.questions} for p in pending}
            try:
                services.submit_responses(request.tenant, None, periods=pending,
                                          answers=answers, visit=visit, today=today)
            except DomainError as error:
                if error.code == "surveys.already_received":
                    return redirect("surveys_public:thanks", tenant_slug=tenant_slug,
                                    token=token)
                problem, status = error.render(), 400
            else:
                response = redirect("surveys_public:thanks", tenant_slug=tenant_slug,
                                    token=token)
                abuse.remember_periods(response, request, [p.pk for p in pending],
                                       policy.device_repeat_days)
                return response
    return render(request, "surveys/public_form.html", {
        "unit": link.unit,
        "sections": [_section(period, chosen, request.method == "POST") for period in pending],
        "visit": abuse.new_visit(link.pk),
        "problem": problem,
    }, status=status)


def _section(period, chosen: dict, submitted: bool) -> dict:
    questionnaire = period.questionnaire
    questions = []
    for number, question in enumerate(questionnaire.questions, 1):
        name = f"{period.pk}-{question['code']}"
        value = chosen.get(name, "")
        questions.append({
            "name": name, "number": number, "text": question["text"],
            "missing": submitted and not value,
            "options": [{"value": point["value"], "label": point["label"],
                         "id": f"{name}-{point['value']}",
                         "checked": value == str(point["value"])}
                        for point in questionnaire.scale],
        })
    return {"title": questionnaire.title, "introduction": questionnaire.introduction,
            "questions": questions}


def _notice(request, link, message: str, status: int = 200):
    return render(request, "surveys/public_notice.html", {"unit": link.unit, "message": message},
                  status=status)


@require_http_methods(["GET"])
def thanks(request, tenant_slug, token):
    link = _link(request, token)
    return _notice(request, link, _("Thank you! Your answers have been received anonymously "
                                    "and help this unit improve its service."))
