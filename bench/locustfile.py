"""The users of bench/load.py: office, hub, district and public on the pages, office and hub on the API.

Started by bench/load.py, which passes the ids to ask for in LOAD_TARGETS (a JSON file).
Any answer other than 200 (including a bounce to the login page) counts as an error.
"""
import json
import os
import random
import re

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["LOAD_TARGETS"], encoding="utf-8").read())
PASSWORD = os.environ["SHUNIU_DEMO_PASSWORD"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def get(user, url, name=None):
    with user.client.get(url, name=name or url, catch_response=True, allow_redirects=False) as response:
        if response.status_code != 200:
            response.failure(f"{response.status_code}")
        else:
            response.success()


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username = ""

    def on_start(self):
        page = self.client.get("/login/", name="/login/")
        token = CSRF.search(page.text).group(1)
        with self.client.post("/login/", {"username": self.username, "password": PASSWORD,
                                          "csrfmiddlewaretoken": token},
                              headers={"Referer": f"{self.host}/login/"}, name="/login/ (POST)",
                              catch_response=True, allow_redirects=False) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused: {response.status_code}")


class Office(SignedIn):
    weight = 3
    username = "office"

    @task(2)
    def dashboard(self):
        get(self, "/dashboard/")

    @task(3)
    def organizations(self):
        get(self, "/organizations/")

    @task(3)
    def search(self):
        get(self, f"/organizations/?q={random.choice(['协会', '学会', 'bjs', '朝阳'])}", "/organizations/?q=[text]")

    @task(3)
    def organization(self):
        get(self, f"/organizations/{random.choice(TARGETS['office_orgs'])}/", "/organizations/[id]/")

    @task(1)
    def hub(self):
        get(self, f"/hubs/{random.choice(TARGETS['hubs'])}/", "/hubs/[slug]/")


class HubStaff(SignedIn):
    weight = 2
    username = "hub-science"

    @task(2)
    def own_hub(self):
        get(self, "/hubs/science/")

    @task(2)
    def organizations(self):
        get(self, "/organizations/?q=学会", "/organizations/?q=[text]")

    @task(2)
    def organization(self):
        get(self, f"/organizations/{random.choice(TARGETS['hub_orgs'])}/", "/organizations/[id]/")


class District(SignedIn):
    weight = 1
    username = f"district-{os.environ.get('LOAD_DISTRICT', '110105')}"

    @task(2)
    def district(self):
        get(self, f"/districts/{os.environ.get('LOAD_DISTRICT', '110105')}/", "/districts/[code]/")

    @task(2)
    def organizations(self):
        get(self, "/organizations/?q=社区", "/organizations/?q=[text]")


class Public(HttpUser):
    weight = 2
    wait_time = between(0.5, 2)

    @task(3)
    def search(self):
        get(self, f"/public/?q={random.choice(['北京市', '协会', '基金会'])}", "/public/?q=[text]")

    @task(2)
    def disclosure(self):
        get(self, f"/public/organizations/{random.choice(TARGETS['public_orgs'])}/", "/public/organizations/[id]/")


class Api(HttpUser):
    weight = 2
    wait_time = between(0.5, 2)

    def on_start(self):
        role = random.choice(["office", "hub"])
        self.orgs = TARGETS["office_orgs" if role == "office" else "hub_orgs"]
        self.client.headers["Authorization"] = f"Token {TARGETS['tokens'][role]}"

    @task(2)
    def list(self):
        get(self, "/api/organizations/")

    @task(3)
    def detail(self):
        get(self, f"/api/organizations/{random.choice(self.orgs)}/", "/api/organizations/[id]/")

    @task(1)
    def hubs(self):
        get(self, "/api/hubs/")
