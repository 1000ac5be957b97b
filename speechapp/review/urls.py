"""Review and sign-off: a draft's review page, its transitions, its comments."""

from django.urls import path

from speechapp.review import views

urlpatterns = [
    path("drafts/<int:pk>/review/", views.draft_review, name="draft_review"),
    path("drafts/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path(
        "drafts/<int:pk>/comments/<int:comment_id>/reply/",
        views.comment_reply,
        name="comment_reply",
    ),
    path(
        "drafts/<int:pk>/comments/<int:comment_id>/resolve/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path(
        "drafts/<int:pk>/review/<str:action>/",
        views.draft_transition,
        name="draft_transition",
    ),
]
