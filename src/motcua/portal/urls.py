from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.catalog_home, name="catalog"),
]
