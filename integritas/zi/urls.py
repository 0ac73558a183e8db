app_name = "zi"
urlpatterns = []
