"""Server-rendered pages (issue: web). Included at the site root by config/urls.py."""

from django.urls import path

from accounts import views as accounts_views
from chat import pages as chat_pages
from chat import views as chat_views
from community import pages as community_pages
from community import views as community_views
from config import views as config_views
from marketplace import views as marketplace_views
from merchants import views as merchants_views
from merchants import website_pages
from orders import pages as orders_pages
from orders import pages_garage, pages_shop
from travel import views as travel_views

urlpatterns = [
    path("", config_views.home, name="home"),
    path("accounts/signup/", accounts_views.signup, name="signup"),
    path("accounts/login/", accounts_views.login, name="login"),
    path("accounts/logout/", accounts_views.logout, name="logout"),
    path("accounts/profile/", accounts_views.profile, name="profile"),
    path("items/mine/", marketplace_views.my_listings, name="my-listings"),
    path("items/new/", marketplace_views.item_create, name="item-create"),
    path("items/<int:item_id>/", marketplace_views.item_detail, name="item-detail"),
    path("items/<int:item_id>/edit/", marketplace_views.item_edit, name="item-edit"),
    path("items/<int:item_id>/<str:action>/", marketplace_views.item_action, name="item-action"),
    path("trades/", marketplace_views.my_trades, name="my-trades"),
    path("trades/<int:trade_id>/<str:action>/", marketplace_views.trade_action, name="trade-action"),
    path("merchant/", merchants_views.merchant_home, name="merchant"),
    path("merchant/products/new/", merchants_views.product_create, name="product-create"),
    path("merchant/products/<int:product_id>/edit/", merchants_views.product_edit, name="product-edit"),
    path("become-a-merchant/", website_pages.merchant_apply, name="merchant-apply"),
    path("become-a-merchant/sent/", website_pages.merchant_apply_done, name="merchant-apply-done"),
    path("cases/", website_pages.cases, name="cases"),
    path("shop/", merchants_views.shop, name="shop"),
    path("shop/<int:product_id>/", pages_shop.product_detail, name="product-detail"),
    path("merchants/<int:merchant_id>/", pages_shop.merchant_detail, name="merchant-detail"),
    path("shop/<int:product_id>/buy/", orders_pages.product_buy, name="product-buy"),
    path("animals/", community_views.animals, name="animals"),
    path("animals/new/", community_pages.animal_create_page, name="animal-create"),
    path("animals/mine/", community_pages.my_animals, name="my-animals"),
    path("animals/<int:animal_id>/", community_pages.animal_detail, name="animal-detail"),
    path("animals/<int:animal_id>/withdraw/", community_pages.animal_availability, {"action": "withdraw"},
         name="animal-withdraw"),
    path("animals/<int:animal_id>/restore/", community_pages.animal_availability, {"action": "restore"},
         name="animal-restore"),
    path("animals/<int:animal_id>/claim/", community_pages.animal_claim_confirm, name="animal-claim"),
    path("activities/", community_views.activities, name="activities"),
    path("activities/<int:activity_id>/", community_pages.activity_detail, name="activity-detail"),
    path("activities/<int:activity_id>/<str:action>/", community_views.activity_action, name="activity-action"),
    path("travel/", travel_views.travel_home, name="travel"),
    path("travel/plans/<int:plan_id>/", travel_views.travel_plan, name="travel-plan"),
    path("travel/plans/<int:plan_id>/invite/", travel_views.travel_invite, name="travel-invite"),
    path("travel/invitations/<int:invitation_id>/<str:answer>/", travel_views.travel_answer, name="travel-answer"),
    path("inbox/", chat_views.inbox, name="inbox"),
    path("inbox/<int:user_id>/", chat_views.thread, name="thread"),
    path("vehicles/", pages_garage.garage, name="garage"),
    path("vehicles/<uuid:vehicle_id>/", pages_garage.vehicle_detail, name="vehicle-detail"),
    path("vehicles/<uuid:vehicle_id>/edit/", pages_garage.vehicle_edit, name="vehicle-edit"),
    path("vehicles/<uuid:vehicle_id>/buy/<uuid:quotation_id>/", pages_garage.sale_order_page, name="sale-order"),
    path("vehicles/<uuid:vehicle_id>/plan-total/", pages_garage.plan_total, name="plan-total"),
    path("drivers/<uuid:driver_id>/edit/", pages_garage.driver_edit, name="driver-edit"),
    path("notifications/", chat_pages.notifications, name="notifications"),
    path("notifications/read/", chat_pages.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:message_id>/", chat_pages.notification_open, name="notification-open"),
    path("orders/", orders_pages.my_orders, name="orders"),
    path("orders/exchange/new/", orders_pages.exchange_new, name="exchange-new"),
    path("orders/<uuid:order_id>/", orders_pages.order_detail, name="order-detail"),
    path("orders/<uuid:order_id>/change/<str:field>/", orders_pages.order_change, name="order-change"),
    path("orders/<uuid:order_id>/review/", pages_shop.review_write, name="order-review"),
    path("orders/<uuid:order_id>/<str:action>/", orders_pages.order_action, name="order-action"),
]
