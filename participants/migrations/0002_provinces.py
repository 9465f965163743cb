"""The 34 provinces and centrally-run cities since Resolution 202/2025/QH15 (domain rules 9.3).

Codes keep the old code of the province whose centre became the seat (QĐ 19/2025/QĐ-TTg).
"""

from django.db import migrations

PROVINCES = [
    ("01", "Thành phố Hà Nội", "city", ""),
    ("04", "Cao Bằng", "province", ""),
    ("08", "Tuyên Quang", "province", "Tuyên Quang, Hà Giang"),
    ("11", "Điện Biên", "province", ""),
    ("12", "Lai Châu", "province", ""),
    ("14", "Sơn La", "province", ""),
    ("15", "Lào Cai", "province", "Lào Cai, Yên Bái"),
    ("19", "Thái Nguyên", "province", "Thái Nguyên, Bắc Kạn"),
    ("20", "Lạng Sơn", "province", ""),
    ("22", "Quảng Ninh", "province", ""),
    ("24", "Bắc Ninh", "province", "Bắc Ninh, Bắc Giang"),
    ("25", "Phú Thọ", "province", "Phú Thọ, Vĩnh Phúc, Hòa Bình"),
    ("31", "Thành phố Hải Phòng", "city", "Hải Phòng, Hải Dương"),
    ("33", "Hưng Yên", "province", "Hưng Yên, Thái Bình"),
    ("37", "Ninh Bình", "province", "Ninh Bình, Hà Nam, Nam Định"),
    ("38", "Thanh Hóa", "province", ""),
    ("40", "Nghệ An", "province", ""),
    ("42", "Hà Tĩnh", "province", ""),
    ("44", "Quảng Trị", "province", "Quảng Trị, Quảng Bình"),
    ("46", "Thành phố Huế", "city", ""),
    ("48", "Thành phố Đà Nẵng", "city", "Đà Nẵng, Quảng Nam"),
    ("51", "Quảng Ngãi", "province", "Quảng Ngãi, Kon Tum"),
    ("52", "Gia Lai", "province", "Gia Lai, Bình Định"),
    ("56", "Khánh Hòa", "province", "Khánh Hòa, Ninh Thuận"),
    ("66", "Đắk Lắk", "province", "Đắk Lắk, Phú Yên"),
    ("68", "Lâm Đồng", "province", "Lâm Đồng, Đắk Nông, Bình Thuận"),
    ("75", "Đồng Nai", "province", "Đồng Nai, Bình Phước"),
    ("79", "Thành phố Hồ Chí Minh", "city", "Hồ Chí Minh, Bình Dương, Bà Rịa – Vũng Tàu"),
    ("80", "Tây Ninh", "province", "Tây Ninh, Long An"),
    ("82", "Đồng Tháp", "province", "Đồng Tháp, Tiền Giang"),
    ("86", "Vĩnh Long", "province", "Vĩnh Long, Bến Tre, Trà Vinh"),
    ("91", "An Giang", "province", "An Giang, Kiên Giang"),
    ("92", "Thành phố Cần Thơ", "city", "Cần Thơ, Sóc Trăng, Hậu Giang"),
    ("96", "Cà Mau", "province", "Cà Mau, Bạc Liêu"),
]


def load(apps, schema_editor):
    Province = apps.get_model("participants", "Province")
    for code, name, kind, merged_from in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name, "kind": kind, "merged_from": merged_from})


def unload(apps, schema_editor):
    apps.get_model("participants", "Province").objects.filter(code__in=[p[0] for p in PROVINCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
