app_name = "gratification"
urlpatterns = []
