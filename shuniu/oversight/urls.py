urlpatterns: list = []  # filled as the app grows
