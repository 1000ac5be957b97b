"""The values API."""

from django.urls import path

from speechapp.api import views

urlpatterns = [
    path("api/drafts/<int:pk>/values/", views.draft_values, name="api_draft_values"),
]
