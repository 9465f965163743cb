"""Brings a database loaded by 0002_load_figures to the population figures of 2026: the GSO's 2024 average
population of the former provinces where it was found (11 of the 63 former provinces, the 11 provinces the merger
left unchanged), and the labour-force estimates that follow from the new population shares
(coverage_stats/data/README.md).

How: the rows starting on 01/01/2024 are corrected in place. The new figures describe the same thing for the same
period (the population of 2024, in force from 01/01/2024) as the rows they replace, only from a better source: a
new row starting later would leave the months already counted on the old figures, and the unique constraint
`province_figure_unique_start` (province, measure, effective_from) allows one row per start, so a second row from
01/01/2024 is not possible either. A row is changed only while it still holds exactly the figure 0002 loaded
(value, source, mark and note): a figure someone has since edited in the admin is left as it is. The reverse puts
back the old figure where a row still holds the new one.

The figures are written out here, not read from coverage_figures.json, so that this migration does the same thing
whenever it runs. On a new database 0002 already loads the new figures from the JSON and this migration finds
nothing to change.
"""

from django.db import migrations

FROM = "2024-01-01"

# (province code, measure): ((old value, source, mark, note), (new value, source, mark, note))
CHANGES = {
    ("01", "labour_force"): (
        (
            4099000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 8,587,100 / 111,453,810 (the province's share of the population)",
        ),
        (
            4151000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 8,717,600 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("01", "population"): (
        (8587100, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            8717600,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "",
        ),
    ),
    ("04", "labour_force"): (
        (
            262000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 547,900 / 111,453,810 (the province's share of the population)",
        ),
        (
            266000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 558,500 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("04", "population"): (
        (547900, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            558500,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "",
        ),
    ),
    ("08", "labour_force"): (
        (
            890000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,865,270 / 111,453,810 (the province's share of the population)",
        ),
        (
            888000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,865,270 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("08", "population"): (
        (
            1865270,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            1865270,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Tuyên Quang, Hà Giang",
        ),
    ),
    ("11", "labour_force"): (
        (
            308000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 646,200 / 111,453,810 (the province's share of the population)",
        ),
        (
            313000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 656,700 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("11", "population"): (
        (646200, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            656700,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "Điện Biên: the Điện Biên Statistics Office's estimate for 2024 (thongkedienbien.gov.vn, socio-economic situation, first half of 2024) is 656,717",
        ),
    ),
    ("12", "labour_force"): (
        (
            234000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 489,300 / 111,453,810 (the province's share of the population)",
        ),
        (
            236000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 495,500 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("12", "population"): (
        (489300, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            495500,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "",
        ),
    ),
    ("14", "labour_force"): (
        (
            627000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,313,300 / 111,453,810 (the province's share of the population)",
        ),
        (
            634000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,330,600 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("14", "population"): (
        (1313300, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            1330600,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "",
        ),
    ),
    ("15", "labour_force"): (
        (
            849000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,778,785 / 111,453,810 (the province's share of the population)",
        ),
        (
            847000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,778,785 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("15", "population"): (
        (
            1778785,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            1778785,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Lào Cai, Yên Bái",
        ),
    ),
    ("19", "labour_force"): (
        (
            859000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,799,489 / 111,453,810 (the province's share of the population)",
        ),
        (
            857000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,799,489 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("19", "population"): (
        (
            1799489,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            1799489,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Thái Nguyên, Bắc Kạn",
        ),
    ),
    ("20", "labour_force"): (
        (
            385000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 807,300 / 111,453,810 (the province's share of the population)",
        ),
        (
            388000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 814,000 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("20", "population"): (
        (807300, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            814000,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "",
        ),
    ),
    ("22", "labour_force"): (
        (
            659000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,381,200 / 111,453,810 (the province's share of the population)",
        ),
        (
            665000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,396,500 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("22", "population"): (
        (1381200, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            1396500,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "",
        ),
    ),
    ("24", "labour_force"): (
        (
            1728000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,619,433 / 111,453,810 (the province's share of the population)",
        ),
        (
            1723000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,619,433 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("24", "population"): (
        (
            3619433,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            3619433,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Bắc Ninh, Bắc Giang",
        ),
    ),
    ("25", "labour_force"): (
        (
            1920000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,022,638 / 111,453,810 (the province's share of the population)",
        ),
        (
            1915000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,022,638 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("25", "population"): (
        (
            4022638,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            4022638,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Phú Thọ, Vĩnh Phúc, Hòa Bình",
        ),
    ),
    ("31", "labour_force"): (
        (
            2226000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,664,124 / 111,453,810 (the province's share of the population)",
        ),
        (
            2221000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,664,124 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("31", "population"): (
        (
            4664124,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            4664124,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Hải Phòng, Hải Dương",
        ),
    ),
    ("33", "labour_force"): (
        (
            1703000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,567,943 / 111,453,810 (the province's share of the population)",
        ),
        (
            1699000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,567,943 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("33", "population"): (
        (
            3567943,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            3567943,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Hưng Yên, Thái Bình",
        ),
    ),
    ("37", "labour_force"): (
        (
            2106000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,412,264 / 111,453,810 (the province's share of the population)",
        ),
        (
            2101000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,412,264 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("37", "population"): (
        (
            4412264,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            4412264,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Ninh Bình, Hà Nam, Nam Định",
        ),
    ),
    ("38", "labour_force"): (
        (
            1785000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,739,500 / 111,453,810 (the province's share of the population)",
        ),
        (
            1792000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,764,241 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("38", "population"): (
        (3739500, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            3764241,
            "GSO average population 2024, stated by the head of the Thanh Hóa Statistics Office, baomoi.net.vn 'Dân số Thanh Hóa hiện nay bao nhiêu người?'",
            "C2",
            "Thanh Hóa: the yearbook summary gives 3,764.2 thousand",
        ),
    ),
    ("40", "labour_force"): (
        (
            1643000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,442,000 / 111,453,810 (the province's share of the population)",
        ),
        (
            1653000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,472,300 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("40", "population"): (
        (3442000, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            3472300,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "",
        ),
    ),
    ("42", "labour_force"): (
        (
            632000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,323,700 / 111,453,810 (the province's share of the population)",
        ),
        (
            633000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,329,800 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("42", "population"): (
        (1323700, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            1329800,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "",
        ),
    ),
    ("44", "labour_force"): (
        (
            893000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,870,845 / 111,453,810 (the province's share of the population)",
        ),
        (
            891000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,870,845 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("44", "population"): (
        (
            1870845,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            1870845,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Quảng Trị, Quảng Bình",
        ),
    ),
    ("46", "labour_force"): (
        (
            557000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,166,500 / 111,453,810 (the province's share of the population)",
        ),
        (
            561000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 1,178,600 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("46", "population"): (
        (1166500, "GSO, average population 2024 (statistical yearbook), via tinbds.com", "C2", ""),
        (
            1178600,
            "GSO statistical yearbook summary 2024 (Niên giám thống kê tóm tắt 2024), average population 2024, as quoted in github.com/DUCDM2205/dia-ly-viet-nam (province-extended.js)",
            "C2",
            "",
        ),
    ),
    ("48", "labour_force"): (
        (
            1463000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,065,628 / 111,453,810 (the province's share of the population)",
        ),
        (
            1460000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,065,628 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("48", "population"): (
        (
            3065628,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            3065628,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Đà Nẵng, Quảng Nam",
        ),
    ),
    ("51", "labour_force"): (
        (
            1032000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 2,161,755 / 111,453,810 (the province's share of the population)",
        ),
        (
            1029000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 2,161,755 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("51", "population"): (
        (
            2161755,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            2161755,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Quảng Ngãi, Kon Tum",
        ),
    ),
    ("52", "labour_force"): (
        (
            1711000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,583,693 / 111,453,810 (the province's share of the population)",
        ),
        (
            1706000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,583,693 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("52", "population"): (
        (
            3583693,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            3583693,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Gia Lai, Bình Định",
        ),
    ),
    ("56", "labour_force"): (
        (
            1071000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 2,243,554 / 111,453,810 (the province's share of the population)",
        ),
        (
            1068000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 2,243,554 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("56", "population"): (
        (
            2243554,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            2243554,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Khánh Hòa, Ninh Thuận",
        ),
    ),
    ("66", "labour_force"): (
        (
            1598000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,346,853 / 111,453,810 (the province's share of the population)",
        ),
        (
            1594000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,346,853 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("66", "population"): (
        (
            3346853,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            3346853,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Đắk Lắk, Phú Yên",
        ),
    ),
    ("68", "labour_force"): (
        (
            1849000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,872,999 / 111,453,810 (the province's share of the population)",
        ),
        (
            1844000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,872,999 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("68", "population"): (
        (
            3872999,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            3872999,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Lâm Đồng, Đắk Nông, Bình Thuận",
        ),
    ),
    ("75", "labour_force"): (
        (
            2144000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,491,408 / 111,453,810 (the province's share of the population)",
        ),
        (
            2139000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,491,408 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("75", "population"): (
        (
            4491408,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            4491408,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Đồng Nai, Bình Phước",
        ),
    ),
    ("79", "labour_force"): (
        (
            6684000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 14,002,598 / 111,453,810 (the province's share of the population)",
        ),
        (
            6668000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 14,002,598 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("79", "population"): (
        (
            14002598,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            14002598,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Hồ Chí Minh, Bình Dương, Bà Rịa – Vũng Tàu",
        ),
    ),
    ("80", "labour_force"): (
        (
            1553000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,254,170 / 111,453,810 (the province's share of the population)",
        ),
        (
            1550000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 3,254,170 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("80", "population"): (
        (
            3254170,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            3254170,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Tây Ninh, Long An",
        ),
    ),
    ("82", "labour_force"): (
        (
            2086000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,370,046 / 111,453,810 (the province's share of the population)",
        ),
        (
            2081000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,370,046 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("82", "population"): (
        (
            4370046,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            4370046,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Đồng Tháp, Tiền Giang",
        ),
    ),
    ("86", "labour_force"): (
        (
            2032000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,257,581 / 111,453,810 (the province's share of the population)",
        ),
        (
            2027000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,257,581 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("86", "population"): (
        (
            4257581,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            4257581,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Vĩnh Long, Bến Tre, Trà Vinh",
        ),
    ),
    ("91", "labour_force"): (
        (
            2364000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,952,238 / 111,453,810 (the province's share of the population)",
        ),
        (
            2358000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,952,238 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("91", "population"): (
        (
            4952238,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            4952238,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: An Giang, Kiên Giang",
        ),
    ),
    ("92", "labour_force"): (
        (
            2005000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,199,824 / 111,453,810 (the province's share of the population)",
        ),
        (
            2000000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 4,199,824 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("92", "population"): (
        (
            4199824,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            4199824,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Cần Thơ, Sóc Trăng, Hậu Giang",
        ),
    ),
    ("96", "labour_force"): (
        (
            1244000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 2,606,672 / 111,453,810 (the province's share of the population)",
        ),
        (
            1241000,
            "GSO Labour Force Survey Q4/2024: 53.2 million aged 15+ nationally, shared by population",
            "E",
            "estimate: 53,200,000 x 2,606,672 / 111,724,151 (the province's share of the population)",
        ),
    ),
    ("96", "population"): (
        (
            2606672,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents",
        ),
        (
            2606672,
            "Resolution 202/2025/QH15 of 12/06/2025 (population of the new province), via tinbds.com",
            "C2",
            "includes temporary residents; no GSO 2024 figure found for all of: Cà Mau, Bạc Liêu",
        ),
    ),
}


def _apply(apps, before: int, after: int) -> None:
    ProvinceFigure = apps.get_model("coverage_stats", "ProvinceFigure")
    for (code, measure), states in CHANGES.items():
        old_value, old_source, old_mark, old_note = states[before]
        value, source, mark, note = states[after]
        ProvinceFigure.objects.filter(
            province__code=code,
            measure=measure,
            effective_from=FROM,
            value=old_value,
            source=old_source,
            mark=old_mark,
            note=old_note,
        ).update(value=value, source=source, mark=mark, note=note)


def load(apps, schema_editor):
    _apply(apps, before=0, after=1)


def unload(apps, schema_editor):
    _apply(apps, before=1, after=0)


class Migration(migrations.Migration):
    dependencies = [("coverage_stats", "0002_load_figures")]
    operations = [migrations.RunPython(load, unload)]
