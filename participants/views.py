from django.contrib.auth import views as auth_views
from django.shortcuts import render

from . import selectors
from .forms import SignInForm


def home(request):
    participant = selectors.participant_get_for_user(user=request.user)
    card = participant.current_cards[0] if participant and participant.current_cards else None
    return render(request, "home.html", {"participant": participant, "card": card})


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
