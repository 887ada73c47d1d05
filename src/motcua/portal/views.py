from django.http import HttpResponse


def catalog_home(request):
    return HttpResponse("motcua")
