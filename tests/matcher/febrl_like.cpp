#include "tests/matcher/febrl_like.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>

#include "core/text.h"

namespace huicai::testing {
namespace {

const char* const kGivenNames[] = {
    "james",     "john",     "robert",   "michael",   "william",   "david",     "richard",
    "joseph",    "thomas",   "charles",  "daniel",    "matthew",   "anthony",   "mark",
    "donald",    "steven",   "paul",     "andrew",    "joshua",    "kenneth",   "kevin",
    "brian",     "george",   "timothy",  "ronald",    "edward",    "jason",     "jeffrey",
    "ryan",      "jacob",    "gary",     "nicholas",  "eric",      "jonathan",  "stephen",
    "larry",     "justin",   "scott",    "brandon",   "benjamin",  "samuel",    "gregory",
    "alexander", "patrick",  "frank",    "raymond",   "jack",      "dennis",    "jerry",
    "tyler",     "aaron",    "jose",     "adam",      "nathan",    "henry",     "zachary",
    "mary",      "patricia", "jennifer", "linda",     "elizabeth", "barbara",   "susan",
    "jessica",   "sarah",    "karen",    "lisa",      "nancy",     "betty",     "sandra",
    "margaret",  "ashley",   "kimberly", "emily",     "donna",     "michelle",  "carol",
    "amanda",    "melissa",  "deborah",  "stephanie", "rebecca",   "sharon",    "laura",
    "cynthia",   "kathleen", "amy",      "angela",    "shirley",   "brenda",    "emma",
    "anna",      "pamela",   "nicole",   "samantha",  "katherine", "christine", "helen",
    "debra",     "rachel",   "carolyn",  "janet",     "maria",     "catherine", "heather",
    "diane",     "olivia",   "julie",    "joyce",     "victoria",  "ruby",      "chloe",
    "mia",       "isabella", "ella",     "grace",     "zoe",       "lily",      "sophie",
    "hannah",    "lachlan",  "liam",     "noah",      "oliver",    "ethan",     "lucas",
    "mason",     "logan",    "harrison", "cooper",    "riley",     "blake",     "jayden",
    "connor",    "dylan",    "mitchell"};

const char* const kSurnameParts[] = {
    "mc",   "ander", "son",   "white", "brook", "field", "stone", "wood", "ham",  "ley",
    "ton",  "well",  "man",   "hill",  "ford",  "ridge", "worth", "by",   "er",   "smith",
    "bell", "black", "green", "hart",  "king",  "law",   "mill",  "new",  "par",  "rich",
    "ross", "row",   "sand",  "shaw",  "thorn", "ward",  "west",  "win",  "york", "dal",
    "fitz", "gor",   "hal",   "kel",   "lang",  "mor",   "nor",   "pem",  "quin", "ran"};

const char* const kStreets[] = {
    "stanley",      "pinkerton",  "salkauskas",   "macquoid",    "randwick",   "cutlack",
    "caley",        "traeger",    "carpenter",    "corin",       "hawkesbury", "willoughby",
    "kent",         "wallaby",    "yuranigh",     "gundulu",     "hoseason",   "mountain creek",
    "burnage",      "jarrah",     "mackinnon",    "peacock",     "meredith",   "yambina",
    "spring range", "morgan",     "snowden",      "national",    "light",      "edkins",
    "lambrigg",     "lyster",     "may maxwell",  "elizabeth",   "tunis",      "banksia",
    "wattle",       "kookaburra", "eucalyptus",   "acacia",      "boronia",    "grevillea",
    "waratah",      "federal",    "commonwealth", "northbourne", "limestone",  "ainslie",
    "duffy",        "gladstone",  "victoria",     "albert",      "george",     "william",
    "king",         "queen",      "elizabeth bay"};
const char* const kStreetTypes[] = {"street",  "place", "crescent", "road",
                                    "circuit", "close", "avenue",   "court"};
const char* const kPlaces[] = {"miami",
                               "bega flats",
                               "kela",
                               "broadbridge manor",
                               "avalind",
                               "belmont park",
                               "allandale",
                               "valley of springs",
                               "gold tyne",
                               "deergarden caravan park",
                               "donna valley",
                               "rosetta village",
                               "pinehill",
                               "kelgoola",
                               "springett arcade",
                               "manorhouse",
                               "thorndale",
                               "jessiefield",
                               "valicare",
                               "peppercorn lodge",
                               "delmar",
                               "brentwood village",
                               "kersey south",
                               "pacific terraces",
                               "lakefront retirement village",
                               "telemon orchards",
                               "currin ga"};
const char* const kSuburbs[] = {"winston hills",
                                "richlands",
                                "dapto",
                                "south grafton",
                                "hoppers crossing",
                                "budgewoi",
                                "mill park",
                                "north ward",
                                "canterbury",
                                "clayfield",
                                "cooma",
                                "carrara",
                                "chelsea heights",
                                "windermere",
                                "north ryde",
                                "broadbeach waters",
                                "northwood",
                                "forest hill",
                                "gorokan",
                                "campbelltown",
                                "thornbury",
                                "macgregor",
                                "villawood",
                                "geurie",
                                "new farm",
                                "narembeen",
                                "bacchus marsh",
                                "cleveland",
                                "marsden",
                                "granville",
                                "utakarra",
                                "towradgi",
                                "eaton",
                                "corio",
                                "banyo",
                                "wattle glen",
                                "charmhaven",
                                "rose bay",
                                "aspley",
                                "tuggeranong",
                                "belconnen",
                                "woden",
                                "gungahlin",
                                "kambah",
                                "ngunnawal",
                                "palmerston",
                                "queanbeyan"};
const char* const kStates[] = {"nsw", "vic", "qld", "wa", "sa", "tas", "act", "nt"};

template <typename T, std::size_t N>
const char* Pick(const T (&list)[N], std::mt19937& rng) {
  return list[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

int Uniform(std::mt19937& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

std::string Surname(std::mt19937& rng) {
  std::string s = Pick(kSurnameParts, rng);
  s += Pick(kSurnameParts, rng);
  if (Uniform(rng, 0, 3) == 0) s += Pick(kSurnameParts, rng);
  return s;
}

std::string Digits(std::mt19937& rng, int count) {
  std::string s;
  s += static_cast<char>('1' + Uniform(rng, 0, 8));
  for (int i = 1; i < count; ++i) s += static_cast<char>('0' + Uniform(rng, 0, 9));
  return s;
}

std::vector<std::string> Person(std::mt19937& rng) {
  char dob[16];
  std::snprintf(dob, sizeof dob, "%04d%02d%02d", Uniform(rng, 1910, 2005), Uniform(rng, 1, 12),
                Uniform(rng, 1, 28));
  return {"",
          Uniform(rng, 0, 19) == 0 ? "" : Pick(kGivenNames, rng),
          Surname(rng),
          std::to_string(Uniform(rng, 1, 250)),
          std::string(Pick(kStreets, rng)) + " " + Pick(kStreetTypes, rng),
          Uniform(rng, 0, 1) == 0 ? "" : Pick(kPlaces, rng),
          Pick(kSuburbs, rng),
          std::to_string(Uniform(rng, 2000, 7999)),
          Pick(kStates, rng),
          dob,
          Digits(rng, 7)};
}

// One keyboard-like typo: substitute, insert, delete or transpose a letter.
std::string Typo(std::string s, std::mt19937& rng) {
  if (s.size() < 2) return s + static_cast<char>('a' + Uniform(rng, 0, 25));
  const std::size_t i = static_cast<std::size_t>(Uniform(rng, 0, static_cast<int>(s.size()) - 2));
  switch (Uniform(rng, 0, 3)) {
    case 0:
      s[i] = static_cast<char>('a' + Uniform(rng, 0, 25));
      break;
    case 1:
      s.insert(i, 1, static_cast<char>('a' + Uniform(rng, 0, 25)));
      break;
    case 2:
      s.erase(i, 1);
      break;
    default:
      std::swap(s[i], s[i + 1]);
      break;
  }
  return s;
}

std::string OneDigitOff(std::string s, std::mt19937& rng) {
  if (s.empty()) return s;
  const std::size_t i = static_cast<std::size_t>(Uniform(rng, 0, static_cast<int>(s.size()) - 1));
  s[i] = static_cast<char>('0' + (s[i] - '0' + Uniform(rng, 1, 9)) % 10);
  return s;
}

enum Column : std::size_t {
  kRecId,
  kGiven,
  kSurname,
  kNumber,
  kAddress1,
  kAddress2,
  kSuburb,
  kPostcode,
  kState,
  kDob,
  kSsn
};

void Corrupt(std::vector<std::string>& r, std::mt19937& rng) {
  switch (Uniform(rng, 0, 11)) {
    case 0:
      r[kGiven] = Typo(r[kGiven], rng);
      break;
    case 1:
      r[kSurname] = Typo(r[kSurname], rng);
      break;
    case 2:
      std::swap(r[kGiven], r[kSurname]);
      break;
    case 3:
      if (r[kDob].size() == 8)
        r[kDob] = r[kDob].substr(0, 4) + r[kDob].substr(6, 2) + r[kDob].substr(4, 2);
      break;
    case 4:
      r[kDob] = OneDigitOff(r[kDob], rng);
      break;
    case 5:
      r[kPostcode] = OneDigitOff(r[kPostcode], rng);
      break;
    case 6:
      r[kSsn] = Uniform(rng, 0, 1) == 0 ? OneDigitOff(r[kSsn], rng) : Typo(r[kSsn], rng);
      break;
    case 7:
      r[kAddress1] = Typo(r[kAddress1], rng);
      break;
    case 8:
      r[kSuburb] = Typo(r[kSuburb], rng);
      break;
    case 9:
      r[kNumber] = std::to_string(Uniform(rng, 1, 250));
      break;
    default: {  // a missing value
      static constexpr std::size_t kMissable[] = {kGiven,  kSurname,  kNumber, kAddress1, kAddress2,
                                                  kSuburb, kPostcode, kState,  kDob,      kSsn};
      r[kMissable[static_cast<std::size_t>(Uniform(rng, 0, 9))]].clear();
      break;
    }
  }
}

}  // namespace

FebrlLikeData GenerateFebrlLike(const FebrlLikeOptions& options) {
  std::mt19937 rng(options.seed);
  FebrlLikeData data;
  data.columns = {"rec_id", "given_name", "surname", "street_number", "address_1", "address_2",
                  "suburb", "postcode",   "state",   "date_of_birth", "soc_sec_id"};
  for (std::size_t i = 0; i < options.originals; ++i) {
    auto person = Person(rng);
    person[kRecId] = "rec-" + std::to_string(i) + "-org";
    data.left.push_back(std::move(person));
  }
  std::vector<std::size_t> order(options.originals);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), rng);
  const std::size_t duplicates = std::min(options.duplicates, options.originals);
  for (std::size_t d = 0; d < duplicates; ++d) {
    auto copy = data.left[order[d]];
    copy[kRecId] = "rec-" + std::to_string(order[d]) + "-dup-0";
    const int damage = Uniform(rng, 1, std::max(1, options.max_corruptions));
    for (int c = 0; c < damage; ++c) Corrupt(copy, rng);
    data.right.push_back(std::move(copy));
  }
  for (std::size_t u = 0; u < options.unmatched; ++u) {
    auto person = Person(rng);
    person[kRecId] = "rec-" + std::to_string(options.originals + u) + "-dup-0";
    data.right.push_back(std::move(person));
  }
  std::shuffle(data.right.begin(), data.right.end(), rng);
  data.true_pairs = duplicates;
  return data;
}

std::string FebrlCsv(const std::vector<std::string>& columns,
                     const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  auto line = [&out](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) out += ", ";
      out += CsvCell(cells[c]);
    }
    out += '\n';
  };
  line(columns);
  for (const auto& row : rows) line(row);
  return out;
}

}  // namespace huicai::testing
