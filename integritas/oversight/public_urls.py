app_name = "oversight_public"
urlpatterns = []
