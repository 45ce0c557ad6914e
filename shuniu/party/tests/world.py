"""Party and service records added to the permission matrix's world (see shuniu/tests/test_permissions.py).

A: 物理学会 (science), B: 朝阳 科普 (science-110105, district 110105), C: 东城 书法 (arts).
"""
import datetime

from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from shuniu.accounts.models import Grant, Role
from shuniu.divisions.models import Division
from shuniu.hubs.models import Hub
from shuniu.party.models import (
    Coverage,
    Instructor,
    InstructorAssignment,
    PartyMeeting,
    PartyMember,
    PartyOrganization,
)
from shuniu.services.models import Activity, ContactRecord, Facility, Participation
from shuniu.tests.test_permissions import MatrixWorld

D = datetime.date
# Personal data as stored; masked forms as every other viewer sees them.
PEOPLE = {
    "A": ("王建国", "13812345678", "110105198001011238"),
    "B": ("李秀英", "13987654321", "110105199002022347"),
    "C": ("赵明", "13500001111", "110101197503033453"),
}


def party_world(cls) -> None:
    hubs = {h.slug: h for h in Hub.objects.all()}
    orgs = cls.orgs
    committee = PartyOrganization.objects.create(name="市科协社会组织联合党委", kind="joint_committee",
                                                 hub=hubs["science"], founded=D(2009, 6, 1))
    cls.branch_a = PartyOrganization.objects.create(name="甲 北京市物理学会党支部", kind="branch",
                                                    hub=hubs["science"], parent=committee, founded=D(2009, 9, 1))
    Coverage.objects.create(party_organization=cls.branch_a, organization=orgs["A"])
    cls.joint_c = PartyOrganization.objects.create(name="市文联社会组织第1联合党支部", kind="joint_branch",
                                                   hub=hubs["arts"], founded=D(2010, 1, 1))
    Coverage.objects.create(party_organization=cls.joint_c, organization=orgs["C"])
    cls.members = {
        "A": PartyMember.objects.create(name=PEOPLE["A"][0], phone=PEOPLE["A"][1], id_number=PEOPLE["A"][2],
                                        organization=orgs["A"], branch=cls.branch_a),
        "B": PartyMember.objects.create(name=PEOPLE["B"][0], phone=PEOPLE["B"][1], id_number=PEOPLE["B"][2],
                                        organization=orgs["B"]),  # registered nowhere: 口袋党员
        "C": PartyMember.objects.create(name=PEOPLE["C"][0], phone=PEOPLE["C"][1], id_number=PEOPLE["C"][2],
                                        organization=orgs["C"], branch=cls.joint_c),
    }
    cls.meeting_a = PartyMeeting.objects.create(party_organization=cls.branch_a, kind="party_lecture",
                                                date=D(2010, 11, 5), attendees=5, topic="甲支部党课")
    cls.meeting_c = PartyMeeting.objects.create(party_organization=cls.joint_c, kind="general_meeting",
                                                date=D(2010, 11, 6), attendees=4, topic="丙联合支部大会")
    cls.instructor = Instructor.objects.create(name="钱指导", phone="13611112222", hub=cls.sub_hub,
                                               start=D(2010, 3, 1))
    InstructorAssignment.objects.create(instructor=cls.instructor, organization=orgs["B"])
    chaoyang, dongcheng = Division.objects.get(code="110105001"), Division.objects.get(code="110101001")
    cls.facilities = {
        "science": Facility.objects.create(name="科协科普服务站", kind="other", hub=hubs["science"],
                                           division=chaoyang, latitude="39.95", longitude="116.45",
                                           opened=D(2009, 6, 1)),
        "science-110105": Facility.objects.create(name="朝阳科普服务点", kind="other", hub=cls.sub_hub,
                                                  division=chaoyang, opened=D(2010, 1, 1)),
        "arts": Facility.objects.create(name="东城书法之家", kind="other", hub=hubs["arts"], division=dongcheng,
                                        opened=D(2010, 1, 1)),
    }
    cls.activities = {
        "science": Activity.objects.create(title="甲 科普周", hub=hubs["science"], organizer=orgs["A"],
                                           facility=cls.facilities["science"], start=D(2010, 5, 1), served=50,
                                           reached=300),
        "arts": Activity.objects.create(title="丙 书法展", hub=hubs["arts"], start=D(2010, 6, 1), served=20,
                                        reached=100),
    }
    Participation.objects.create(activity=cls.activities["arts"], organization=orgs["C"])
    cls.contacts = {
        "science": ContactRecord.objects.create(hub=hubs["science"], organization=orgs["A"], kind="visit",
                                                date=D(2010, 4, 1), note="走访甲"),
        "arts": ContactRecord.objects.create(hub=hubs["arts"], organization=orgs["C"], kind="guidance",
                                             date=D(2010, 4, 2), note="指导丙"),
    }
    party_staff = get_user_model().objects.create_user("hub-science-party", password="pw")
    Grant.objects.create(user=party_staff, role=Role.HUB, hub=hubs["science"], party_work=True)
    cls.users["party"] = party_staff
    cls.tokens["party"] = Token.objects.create(user=party_staff).key


class PartyWorld(MatrixWorld):
    @classmethod
    def _build_world(cls):
        super()._build_world()
        party_world(cls)
