"""Refusals and missing pages speak Chinese inside the site's layout, with the way back."""


def test_a_refusal_says_why_in_chinese_with_a_link_back(client, db, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody"))
    response = client.get("/dashboard/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权操作" in page and "只有市社会建设工作领导小组办公室可以查看全市数据。" in page
    assert 'href="/"' in page and "Forbidden" not in page


def test_a_missing_page_speaks_chinese_with_a_link_back(client, db):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and 'href="/"' in page and "Not Found" not in page


def test_a_server_error_speaks_chinese_with_a_link_back(rf, db):
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("zh-hans"):
        page = server_error(rf.get("/dashboard/")).content.decode()
    assert "服务器出错" in page and 'href="/"' in page and "Server Error" not in page


def test_a_stale_form_says_so_in_chinese(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "表单已过期" in page and 'href="/"' in page and "CSRF" not in page
