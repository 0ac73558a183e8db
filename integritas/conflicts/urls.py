app_name = "conflicts"
urlpatterns = []
