import json

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import EForm
from .services import render_preview, save_eform


class EFormAdminForm(forms.ModelForm):
    class Meta:
        model = EForm
        fields = ["version", "title", "schema", "layout"]
        widgets = {
            "schema": forms.Textarea(attrs={"rows": 20, "cols": 100}),
            "layout": forms.Textarea(attrs={"rows": 20, "cols": 100}),
        }


@admin.register(EForm)
class EFormAdmin(admin.ModelAdmin):
    form = EFormAdminForm
    list_display = ["title", "version", "revision", "updated_at", "updated_by"]
    search_fields = ["title", "version__procedure__code", "version__name"]
    readonly_fields = ["revision", "updated_by", "updated_at", "preview"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return render_preview(obj)

    def save_model(self, request, obj, form, change):
        save_eform(obj, user=request.user)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("schema", json.dumps({"type": "object", "properties": {}}))
        initial.setdefault("layout", json.dumps({"sections": []}))
        return initial
