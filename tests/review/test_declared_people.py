"""The people a declaration names for register matching: the officer, every version 2 family member (doing business
or not), and the relatives holding version 1 interests; not the holders of relation "other"."""

from __future__ import annotations

import json

from desktop.domain.family import FamilyMember
from desktop.domain.questions import Question, Relation
from desktop.review.registers.people import people_of
from tests.domain.builders import declaration, id_number, interest, officer

SPOUSE_ID = id_number("220402", "19860203", "041")
CHILD_ID = id_number("220402", "20100506", "052")


def test_version_2_lists_every_family_member_once_and_the_officer_first():
    members = (
        FamilyMember("F1", Relation.SPOUSE, "李娜", SPOUSE_ID),
        FamilyMember("F2", Relation.CHILD, "张小明", CHILD_ID),
    )
    held = interest(Question.RELATIVES_BUSINESS, relation=Relation.SPOUSE, holder_name="李娜",
                    holder_id_number=SPOUSE_ID, holder_member_id="F1")  # fmt: skip
    content = declaration(form_version=2, family_members=members, interests=(held,)).to_dict()
    rows = people_of(9, json.dumps(content, ensure_ascii=False))
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        (0, "self", "", officer().name, officer().id_number),
        (1, "spouse", "F1", "李娜", SPOUSE_ID),
        (2, "child", "F2", "张小明", CHILD_ID),
    ]
    assert all(r[0] == 9 for r in rows)


def test_version_1_names_relatives_through_their_interests_but_not_other_holders():
    relative = interest(Question.RELATIVES_BUSINESS, relation=Relation.SIBLING, holder_name="张二",
                        holder_id_number=SPOUSE_ID)  # fmt: skip
    nominee = interest(Question.DISGUISED_INVOLVEMENT, relation=Relation.OTHER, holder_name="王代持",
                       holder_id_number=CHILD_ID)  # fmt: skip
    content = declaration(interests=(relative, nominee)).to_dict()
    rows = people_of(3, json.dumps(content, ensure_ascii=False))
    assert [(r[2], r[4]) for r in rows] == [("self", officer().name), ("sibling", "张二")]
