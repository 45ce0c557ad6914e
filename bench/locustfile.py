"""The users of bench/load.py: office, hub, district and public on the pages, office and hub on the API.

Started by bench/load.py, which passes the ids to ask for in LOAD_TARGETS (a JSON file).
Any answer other than 200 (including a bounce to the login page) counts as an error.
"""
import json
import os
import random

from locust import HttpUser, between, events, task

TARGETS = json.loads(open(os.environ["LOAD_TARGETS"], encoding="utf-8").read())
SAMPLES = []  # (method, name, milliseconds, failed): every request, for exact percentiles in bench/load.py


@events.request.add_listener
def _record(request_type, name, response_time, exception, **kwargs):
    SAMPLES.append((request_type, name, response_time, exception is not None))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    with open(os.environ["LOAD_SAMPLES"], "w", encoding="utf-8") as f:
        json.dump(SAMPLES, f)


def get(user, url, name=None):
    with user.client.get(url, name=name or url, catch_response=True, allow_redirects=False) as response:
        if response.status_code == 0:  # no answer at all: say why (reset, timeout…)
            response.failure(f"no response: {response.error!r}")
        elif response.status_code != 200:
            response.failure(f"{response.status_code}")
        else:
            response.success()


class SignedIn(HttpUser):
    """A user already signed in: sessions are made by bench/load.py before the clock starts, as people
    sign in once a day, not once a minute (sign-in hashing is slow on purpose and would swamp two cores)."""

    abstract = True
    wait_time = between(0.5, 2)
    username = ""

    def on_start(self):
        self.client.cookies.set("sessionid", random.choice(TARGETS["sessions"][self.username]))


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
    username = "district-110105"

    @task(2)
    def district(self):
        get(self, "/districts/110105/")

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
