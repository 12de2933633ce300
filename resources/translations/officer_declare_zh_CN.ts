<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About this store</source>
        <translation>关于本数据库</translation>
    </message>
    <message>
        <source>Application version:</source>
        <translation>软件版本：</translation>
    </message>
    <message>
        <source>Store folder:</source>
        <translation>数据库文件夹：</translation>
    </message>
    <message>
        <source>Store id:</source>
        <translation>数据库标识：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <source>Demo store:</source>
        <translation>演示数据库：</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>数据结构版本：</translation>
    </message>
    <message>
        <source>Database page size:</source>
        <translation>数据库页大小：</translation>
    </message>
    <message>
        <source>{size} bytes</source>
        <translation>{size} 字节</translation>
    </message>
    <message>
        <source>Accounts that can log in:</source>
        <translation>可登录的账号数：</translation>
    </message>
    <message>
        <source>Units, officers:</source>
        <translation>单位数、民警数：</translation>
    </message>
</context>
<context>
    <name>AccountsTab</name>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>密钥指纹</translation>
    </message>
    <message>
        <source>New account…</source>
        <translation>新建账号…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{roles} (disabled)</source>
        <translation>{roles}（已停用）</translation>
    </message>
    <message>
        <source>Created the account {login}.</source>
        <translation>已创建账号 {login}。</translation>
    </message>
    <message>
        <source>{login} has a new password and a new key pair (fingerprint {fingerprint}).</source>
        <translation>{login} 已设置新密码并获得新的密钥对（指纹 {fingerprint}）。</translation>
    </message>
    <message>
        <source>{login} is disabled.</source>
        <translation>{login} 已停用。</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>花名册</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>专项登记</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
</context>
<context>
    <name>AdministratorPage</name>
    <message>
        <source>The administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>The administrator creates accounts, imports the roster and makes backups. The login name is stored unencrypted, so use &apos;admin&apos; or a police number, not a personal name.</source>
        <translation>管理员负责创建账号、导入花名册和备份数据。登录名以明文保存，请使用“admin”或警号，不要使用姓名。</translation>
    </message>
    <message>
        <source>Create the store</source>
        <translation>创建数据库</translation>
    </message>
    <message>
        <source>Login name:</source>
        <translation>登录名：</translation>
    </message>
    <message>
        <source>Creating the encrypted store… This takes a few seconds.</source>
        <translation>正在创建加密数据库…需要几秒钟。</translation>
    </message>
</context>
<context>
    <name>BackupTab</name>
    <message>
        <source>A backup is a folder with a copy of the encrypted database and of its key file, taken consistently while the store is in use. It stays encrypted: the same passwords and the recovery key open it. Keep backups on a separate medium, locked away. To restore, copy the backup&apos;s two files into an empty folder and open it (see docs/backup.md).</source>
        <translation>备份是一个文件夹，内含加密数据库及其密钥文件的副本，在数据库使用中也能取得一致的副本。备份仍是加密的：原来的密码和恢复密钥都能打开它。请把备份存放在单独的介质上并锁好。恢复时，把备份中的两个文件复制到一个空文件夹，再打开该文件夹（见 docs/backup.md）。</translation>
    </message>
    <message>
        <source>Back up to a folder…</source>
        <translation>备份到文件夹…</translation>
    </message>
    <message>
        <source>Choose the folder for the backup</source>
        <translation>选择备份存放的文件夹</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backed up into {folder} ({size:.1f} MB).</source>
        <translation>已备份到 {folder}（{size:.1f} MB）。</translation>
    </message>
</context>
<context>
    <name>CampaignSelector</name>
    <message>
        <source>Several campaigns may be open at once; choose the one to work on.</source>
        <translation>可能同时有多个专项登记在进行；请选择要处理的一个。</translation>
    </message>
    <message>
        <source>Campaign:</source>
        <translation>专项登记：</translation>
    </message>
    <message>
        <source>{name} (deadline {deadline})</source>
        <translation>{name}（截止日期 {deadline}）</translation>
    </message>
    <message>
        <source>{name} (from {start})</source>
        <translation>{name}（{start} 开始）</translation>
    </message>
    <message>
        <source>{name} (open until {deadline})</source>
        <translation>{name}（进行中，截止 {deadline}）</translation>
    </message>
    <message>
        <source>{name} (closed {deadline})</source>
        <translation>{name}（已于 {deadline} 截止）</translation>
    </message>
</context>
<context>
    <name>CampaignsTab</name>
    <message>
        <source>e.g. 2026 declaration of business involvement</source>
        <translation>例如：2026年度民警参与经商办企业情况登记</translation>
    </message>
    <message>
        <source>Restore the official text</source>
        <translation>恢复正式文本</translation>
    </message>
    <message>
        <source>Create campaign</source>
        <translation>创建专项登记</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建专项登记</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>First day:</source>
        <translation>开始日期：</translation>
    </message>
    <message>
        <source>Deadline (last day to sign, China time):</source>
        <translation>截止日期（最后签字日，北京时间）：</translation>
    </message>
    <message>
        <source>Commitment (承诺书):</source>
        <translation>承诺书：</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Commitment version</source>
        <translation>承诺书版本</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已截止</translation>
    </message>
    <message>
        <source>Create another campaign?</source>
        <translation>再创建一个专项登记？</translation>
    </message>
    <message>
        <source>The campaign {names} is still open.</source>
        <translation>专项登记 {names} 仍在进行中。</translation>
    </message>
    <message>
        <source>Both campaigns will then be open at once: officers and unit heads choose between them at the top of their pages, and each page opens on the campaign that needs them. Create the new campaign only for a separate round, such as a supplementary declaration (补充登记).</source>
        <translation>届时两个专项登记将同时进行：民警和单位负责人在页面顶部选择其一，每个页面会先打开最需要其处理的专项登记。仅在另行开展一轮登记（如补充登记）时才创建新的专项登记。</translation>
    </message>
    <message>
        <source>Create beside it</source>
        <translation>同时创建</translation>
    </message>
    <message>
        <source>Type the first day as 2026-03-15 or 2026年3月15日, or pick it from the calendar.</source>
        <translation>请按 2026-03-15 或 2026年3月15日 的格式输入开始日期，或从日历中选择。</translation>
    </message>
    <message>
        <source>Type the deadline as 2026-03-15 or 2026年3月15日, or pick it from the calendar.</source>
        <translation>请按 2026-03-15 或 2026年3月15日 的格式输入截止日期，或从日历中选择。</translation>
    </message>
    <message>
        <source>Created the campaign {name} (deadline {deadline}).</source>
        <translation>已创建专项登记“{name}”（截止 {deadline}）。</translation>
    </message>
</context>
<context>
    <name>CarriedOverBanner</name>
    <message>
        <source>Still so</source>
        <translation>仍然如此</translation>
    </message>
    <message>
        <source>Confirm that this part is the same as in your previous declaration.</source>
        <translation>确认此项与上次填报相同。</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Change this part: the answer and the rows below become editable.</source>
        <translation>修改此项：下方的回答和明细变为可编辑。</translation>
    </message>
    <message>
        <source>Taken from your declaration in %1. Is it still so? Confirm it or change it; you can sign once every part taken over is confirmed.</source>
        <translation>此项取自您在“%1”中的填报。情况是否仍然如此？请确认或修改；所有沿用上次填报的内容逐项确认后方可签字。</translation>
    </message>
    <message>
        <source>Taken from your previous declaration. Is it still so? Confirm it or change it; you can sign once every part taken over is confirmed.</source>
        <translation>此项取自您上次的填报。情况是否仍然如此？请确认或修改；所有沿用上次填报的内容逐项确认后方可签字。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>当前密码：</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>正在修改密码…</translation>
    </message>
</context>
<context>
    <name>ComingPage</name>
    <message>
        <source>{page}: this part of the application is coming in a later version.</source>
        <translation>{page}：这部分功能将在后续版本中提供。</translation>
    </message>
</context>
<context>
    <name>CommitmentPage</name>
    <message>
        <source>Commitment and signature</source>
        <translation>承诺与签字</translation>
    </message>
    <message>
        <source>Read the commitment to the end; then confirm that you have read it.</source>
        <translation>请将承诺书阅读到底，然后确认已阅读。</translation>
    </message>
    <message>
        <source>I have read the commitment, and I declare that my form is true and complete.</source>
        <translation>本人已阅读承诺书，并承诺所填报的内容真实、准确、完整。</translation>
    </message>
    <message>
        <source>Handwritten signature (optional)</source>
        <translation>手写签名（可选）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>The drawing is kept with your declaration; your password is what signs it.</source>
        <translation>手写签名随登记表一并保存；正式签字以输入密码完成。</translation>
    </message>
    <message>
        <source>Sign with my password…</source>
        <translation>输入密码签字…</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>正在签字…</translation>
    </message>
    <message>
        <source>You have reached the end of the commitment.</source>
        <translation>已阅读至承诺书末尾。</translation>
    </message>
    <message>
        <source>Signing needs a complete form: %1 problems are left. &lt;a href=&quot;review&quot;&gt;Show them on the review page&lt;/a&gt;.</source>
        <translation>登记表填写完整后才能签字：还有 %1 个问题。&lt;a href=&quot;review&quot;&gt;在核对页查看&lt;/a&gt;。</translation>
    </message>
    <message>
        <source>The form is filled in. It declares %1 businesses in a police-regulated trade within your jurisdiction or related to your duties: such involvement is prohibited, and by signing you commit to the rectification you described for each.</source>
        <translation>登记表已填写，其中填报了 %1 项在本人辖区内或与本人职责相关的公安机关业务范围内经营项目，属于禁止情形；签字即承诺按所填整改情况逐项整改到位。</translation>
    </message>
    <message>
        <source>The form is complete.</source>
        <translation>登记表已填写完整。</translation>
    </message>
</context>
<context>
    <name>CompletenessStrip</name>
    <message>
        <source>{declared} of {roster} declared</source>
        <translation>已登记 {declared} / {roster} 人</translation>
    </message>
    <message numerus="yes">
        <source>Deadline {date}: overdue by %n day(s)</source>
        <translation>
            <numerusform>截止日期 {date}：已逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Deadline {date}: today</source>
        <translation>截止日期 {date}：今天</translation>
    </message>
    <message numerus="yes">
        <source>Deadline {date}: %n day(s) left</source>
        <translation>
            <numerusform>截止日期 {date}：还剩 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Declared means signed or countersigned.</source>
        <translation>“已登记”指民警已签字或已签字背书。</translation>
    </message>
    <message>
        <source>{unit}: {declared} of {roster}</source>
        <translation>{unit}：{declared} / {roster}</translation>
    </message>
</context>
<context>
    <name>CountersignDialog</name>
    <message>
        <source>Countersign</source>
        <extracomment>keep_unlocked() when the head wants the password asked every time</extracomment>
        <translation>签字背书</translation>
    </message>
    <message>
        <source>Countersign the declaration of {officer}: your opinion and your password sign it as checked by you.</source>
        <translation>为 {officer} 的登记表签字背书：您的审核意见和密码表明该表已经您审核。</translation>
    </message>
    <message>
        <source>Your opinion, e.g. checked item by item; the declaration is true.</source>
        <translation>审核意见，例如：经逐项核对，填报属实。</translation>
    </message>
    <message>
        <source>Your login password</source>
        <translation>登录密码</translation>
    </message>
    <message>
        <source>Keep signing unlocked until the window locks</source>
        <translation>保持签字解锁，直到窗口锁定</translation>
    </message>
    <message numerus="yes">
        <source>Keep signing unlocked for %n minute(s)</source>
        <translation>
            <numerusform>保持签字解锁 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask for the password at every countersignature</source>
        <translation>每次签字背书都输入密码</translation>
    </message>
    <message>
        <source>Each countersignature is still your own signature over the declaration you opened; unlocked, only the password is not asked again. Locking the window always locks signing.</source>
        <translation>每一次签字背书仍是您对所打开登记表的单独签字；解锁后只是不再重复询问密码。窗口锁定时签字随之锁定。</translation>
    </message>
    <message>
        <source>WARNING: {officer} signed with a CHANGED key {fingerprint}: after a password reset, or someone else signing in the officer&apos;s name.</source>
        <translation>警告：{officer} 使用已变更的密钥 {fingerprint} 签字：可能是密码被重置后所签，也可能是他人冒名所签。</translation>
    </message>
    <message>
        <source>{officer} signed with a key {fingerprint} that no head of this store has endorsed yet.</source>
        <translation>{officer} 签字所用的密钥 {fingerprint} 尚未经本数据库的任何负责人背书。</translation>
    </message>
    <message>
        <source>I compared this fingerprint with the officer in person (or by phone)</source>
        <translation>我已当面（或电话）与该民警核对此指纹</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>e.g. {date}</source>
        <translation>例如 {date}</translation>
    </message>
    <message>
        <source>Pick the date from a calendar (Alt+Down or F4)</source>
        <translation>从日历中选择日期（Alt+↓ 或 F4）</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>清除日期</translation>
    </message>
    <message>
        <source>Not a date: type it as 2019-05-01, 20190501 or 2019年5月1日, or pick it from the calendar.</source>
        <translation>不是有效日期：请按 2019-05-01、20190501 或 2019年5月1日 的格式输入，或从日历中选择。</translation>
    </message>
    <message>
        <source>A date is needed: type it as 2019-05-01, 20190501 or 2019年5月1日, or pick it from the calendar.</source>
        <translation>请填写日期：按 2019-05-01、20190501 或 2019年5月1日 的格式输入，或从日历中选择。</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>Opinion:</source>
        <extracomment>The times a head may keep signing unlocked, besides &quot;until the window locks&quot;; only those within the idle lock.</extracomment>
        <translation>审核意见：</translation>
    </message>
    <message>
        <source>Signed with the countersignature. Kept for the next declaration.</source>
        <translation>随签字背书一同签署，并沿用到下一份登记表。</translation>
    </message>
    <message>
        <source>Countersign (Ctrl+Enter)</source>
        <translation>签字背书（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Return… (Alt+R)</source>
        <translation>退回…（Alt+R）</translation>
    </message>
    <message>
        <source>Next waiting (Ctrl+PgDown)</source>
        <translation>下一份待背书（Ctrl+PgDown）</translation>
    </message>
    <message>
        <source>The next declaration waiting for you, without deciding on this one.</source>
        <translation>跳到下一份待您背书的登记表，本份暂不处理。</translation>
    </message>
    <message>
        <source>Lock signing</source>
        <translation>锁定签字</translation>
    </message>
    <message>
        <source>Ask for the password again at the next countersignature.</source>
        <translation>下一次签字背书时重新输入密码。</translation>
    </message>
    <message>
        <source>Signing is locked: your password is asked at the countersignature.</source>
        <translation>签字已锁定：签字背书时需输入密码。</translation>
    </message>
    <message>
        <source>Signing is unlocked until the window locks.</source>
        <translation>签字已解锁，直到窗口锁定。</translation>
    </message>
    <message>
        <source>Signing is unlocked until {time}.</source>
        <translation>签字已解锁，至 {time} 为止。</translation>
    </message>
</context>
<context>
    <name>DeclarationHtml</name>
    <message>
        <source>Family members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>Further personal details</source>
        <translation>其他个人信息</translation>
    </message>
    <message>
        <source>{section}: taken from the previous declaration, confirmed as still so</source>
        <translation>{section}：沿用上次填报内容，已确认仍然如此</translation>
    </message>
    <message>
        <source>Division-level cadre</source>
        <translation>处级干部</translation>
    </message>
    <message>
        <source>Leadership member</source>
        <translation>班子成员</translation>
    </message>
    <message>
        <source>Unit head</source>
        <translation>单位主要负责人</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>职级</translation>
    </message>
    <message>
        <source>Key person</source>
        <translation>重点人员</translation>
    </message>
    <message>
        <source>({count} rows)</source>
        <translation>（{count} 行）</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>填报事项</translation>
    </message>
    <message>
        <source>{trade} · police-regulated</source>
        <translation>{trade} · 公安机关业务范围内</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>经营（持有）人</translation>
    </message>
    <message>
        <source>Holder&apos;s ID number</source>
        <translation>经营（持有）人公民身份号码</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation>经营行业</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>经营方式</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>持股比例（%）</translation>
    </message>
    <message>
        <source>Capital (10,000 yuan)</source>
        <translation>出资额（万元）</translation>
    </message>
    <message>
        <source>Yearly income (10,000 yuan)</source>
        <translation>年收入（万元）</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>经营状态</translation>
    </message>
    <message>
        <source>Within own jurisdiction</source>
        <translation>在本人辖区内</translation>
    </message>
    <message>
        <source>Related to own duties</source>
        <translation>与本人职责相关</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>整改情况</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Row {number}: {question}</source>
        <translation>第 {number} 行：{question}</translation>
    </message>
    <message>
        <source>Business interests ({count})</source>
        <translation>经商办企业情况（{count} 项）</translation>
    </message>
    <message>
        <source>No business interest declared.</source>
        <translation>未填报经商办企业情况。</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>其他需要说明的情况</translation>
    </message>
    <message>
        <source>Warnings the officer looked at and confirmed</source>
        <translation>民警已查看并确认的提醒</translation>
    </message>
</context>
<context>
    <name>DeclarationTableModel</name>
    <message>
        <source>Verification</source>
        <translation>核查</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <source>Key person</source>
        <translation>重点人员</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>签字时间</translation>
    </message>
    <message>
        <source>Workbook</source>
        <translation>工作簿</translation>
    </message>
</context>
<context>
    <name>DeclarationV2Html</name>
    <message>
        <source>No family member listed.</source>
        <translation>未填写家庭成员。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Listed family member</source>
        <translation>所列家庭成员</translation>
    </message>
</context>
<context>
    <name>DeclarationView</name>
    <message>
        <source>Declaration</source>
        <translation>登记表</translation>
    </message>
    <message>
        <source>Loading…</source>
        <extracomment>The queue&apos;s standing of a declaration&apos;s officer key (by declaration id): marks a new or changed one.</extracomment>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Declaration of {name}</source>
        <translation>{name} 的登记表</translation>
    </message>
    <message>
        <source>Version {version}: {state}</source>
        <translation>第 {version} 版：{state}</translation>
    </message>
    <message>
        <source>Officer&apos;s signature</source>
        <translation>民警签字</translation>
    </message>
    <message>
        <source>not signed</source>
        <translation>未签字</translation>
    </message>
    <message>
        <source>signed {time}</source>
        <translation>{time} 签字</translation>
    </message>
    <message>
        <source>Officer&apos;s key</source>
        <translation>民警密钥</translation>
    </message>
    <message>
        <source>Countersignature</source>
        <translation>签字背书</translation>
    </message>
    <message>
        <source>not countersigned</source>
        <translation>未签字背书</translation>
    </message>
    <message>
        <source>countersigned {time}</source>
        <translation>{time} 签字背书</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>Unit head&apos;s key</source>
        <translation>单位主要负责人密钥</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签字</translation>
    </message>
    <message>
        <source>The signatures verify: nothing was changed after signing.</source>
        <translation>签字验证通过：签字后未被改动。</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Version {version} started</source>
        <translation>第 {version} 版开始填写</translation>
    </message>
    <message>
        <source>Signed by the officer</source>
        <translation>民警已签字</translation>
    </message>
    <message>
        <source>Countersigned: {opinion}</source>
        <translation>已签字背书：{opinion}</translation>
    </message>
    <message>
        <source>(no longer valid)</source>
        <translation>（已失效）</translation>
    </message>
    <message>
        <source>Returned: {reason}</source>
        <translation>已退回：{reason}</translation>
    </message>
    <message>
        <source>History ({count} returns)</source>
        <translation>历史记录（退回 {count} 次）</translation>
    </message>
</context>
<context>
    <name>DisableAccountDialog</name>
    <message>
        <source>Disable {login}</source>
        <translation>停用 {login}</translation>
    </message>
    <message>
        <source>{login} will no longer be able to log in or sign: the account&apos;s key slot is removed. Signatures made before stay valid. Someone who copied the key file earlier could still open the store with the old password, unless the database also gets a new data key.</source>
        <translation>{login} 将无法再登录或签字：该账户的密钥槽将被删除。此前的签字仍然有效。若有人此前复制过密钥文件，仍可用旧密码打开数据库，除非同时为数据库更换数据密钥。</translation>
    </message>
    <message>
        <source>Also give the database a new data key (revoke and rotate; other windows must be closed)</source>
        <translation>同时为数据库更换数据密钥（吊销并轮换；须先关闭其他窗口）</translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation>停用账户</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Unexpected error ({kind}): {detail}. Please report it.</source>
        <translation>意外错误（{kind}）：{detail}。请报告此问题。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export the unit&apos;s declarations</source>
        <translation>导出本单位登记表</translation>
    </message>
    <message>
        <source>declarations-{unit}-{date}.xlsx</source>
        <translation>情况登记表-{unit}-{date}.xlsx</translation>
    </message>
    <message>
        <source>The workbook holds every countersigned declaration of the officers you countersign, signed as one batch with your key, and lists who has no countersigned declaration. Give it to the discipline inspectors.</source>
        <translation>工作簿包含由您签字背书的全部登记表，并用您的密钥整批签名，同时列出尚无签字背书登记表的人员。请将其交给纪检组。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Protect the file with a password (Excel and WPS ask for it on opening)</source>
        <translation>为文件设置打开密码（Excel 和 WPS 打开时会要求输入）</translation>
    </message>
    <message>
        <source>Writing the workbook…</source>
        <translation>正在写入工作簿…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>{path} is a folder: add the file name, for example {name}.</source>
        <translation>{path} 是文件夹：请加上文件名，例如 {name}。</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <source>Exported {declarations} countersigned declarations with {interests} business interests to {file}. {missing} officers without a countersigned declaration (those signed and waiting for countersignature included) are listed with their state on the sheet of officers not registered.</source>
        <translation>已将 {declarations} 份已签字背书的登记表（含 {interests} 项经商办企业情况）导出到 {file}。{missing} 名民警尚无已签字背书的登记表（含已签字、待背书的），已连同其填报状态列入“未登记人员”表。</translation>
    </message>
    <message>
        <source>The file is protected by its password.</source>
        <translation>文件已设置打开密码。</translation>
    </message>
    <message>
        <source>The file has no password.</source>
        <translation>文件未设置打开密码。</translation>
    </message>
    <message>
        <source>SHA-256: {digest}</source>
        <translation>SHA-256：{digest}</translation>
    </message>
    <message>
        <source>File password:</source>
        <translation>文件密码：</translation>
    </message>
</context>
<context>
    <name>FamilyMemberDialog</name>
    <message>
        <source>Family member</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>18 characters; the last may be X</source>
        <translation>18位，最后一位可能是X</translation>
    </message>
    <message>
        <source>A public servant (公职人员)</source>
        <translation>是公职人员</translation>
    </message>
</context>
<context>
    <name>FamilySection</name>
    <message>
        <source>List your spouse, children and their spouses, parents and siblings, and any specific-related person, whether or not they do business. A relative&apos;s business row then names the listed member.</source>
        <translation>请填写配偶、子女及其配偶、父母、兄弟姐妹以及特定关系人，无论其是否经商办企业。填写亲属经商办企业明细时，选择此处所列成员。</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Add member…</source>
        <translation>添加成员…</translation>
    </message>
    <message>
        <source>List at most %1 family members.</source>
        <translation>家庭成员最多填写%1人。</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>%1 to fix</source>
        <translation>%1 项待处理</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>View…</source>
        <translation>查看…</translation>
    </message>
    <message>
        <source>Remove %1 from the family members? Business rows naming this member must then name another.</source>
        <translation>从家庭成员中删除%1？指向该成员的经商办企业明细需改选其他成员。</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无姓名）</translation>
    </message>
    <message>
        <source>Remove the family member?</source>
        <translation>删除该家庭成员？</translation>
    </message>
</context>
<context>
    <name>FieldFeedback</name>
    <message>
        <source>I have checked it; it is right</source>
        <translation>已核对，确认无误</translation>
    </message>
</context>
<context>
    <name>FileReceiver</name>
    <message>
        <source>Receive a declaration file</source>
        <translation>接收登记表文件</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Receiving {file}…</source>
        <translation>正在接收 {file}…</translation>
    </message>
    <message>
        <source>Received version {version} of the declaration of {name} ({police_number}); it waits for your countersignature.</source>
        <translation>已接收 {name}（{police_number}）的登记表第 {version} 版，等待您签字背书。</translation>
    </message>
    <message>
        <source>The officer&apos;s key {fingerprint} is new to this store: before countersigning, compare this fingerprint with the officer in person or by phone.</source>
        <translation>该民警的密钥 {fingerprint} 是本数据库首次见到的：签字背书前，请当面或电话向该民警核对这个密钥指纹。</translation>
    </message>
    <message>
        <source>The officer&apos;s key {fingerprint} replaces the key(s) on record ({known}), as you confirmed with the officer.</source>
        <translation>该民警的密钥 {fingerprint} 取代了记录中的密钥（{known}），您已向该民警核实。</translation>
    </message>
    <message>
        <source>The officer&apos;s key {fingerprint} is one this store knows for the officer.</source>
        <translation>该民警的密钥 {fingerprint} 与本数据库记录的该民警密钥一致。</translation>
    </message>
    <message>
        <source>{file} is protected by a password. Enter the file password to receive it:</source>
        <translation>{file} 设有文件密码。请输入文件密码以接收：</translation>
    </message>
    <message>
        <source>File password</source>
        <translation>文件密码</translation>
    </message>
    <message>
        <source>Nothing was received from {file}: no file password was given.</source>
        <translation>未接收 {file}：未输入文件密码。</translation>
    </message>
    <message>
        <source>Nothing was received from {file}: the officer&apos;s key was not confirmed.</source>
        <translation>未从 {file} 接收任何内容：该民警的密钥未经核实。</translation>
    </message>
</context>
<context>
    <name>FindingDetail</name>
    <message>
        <source>Truthful</source>
        <extracomment>The conclusion kinds in the order offered, with their words in the window&apos;s language.</extracomment>
        <translation>如实填报</translation>
    </message>
    <message>
        <source>Omission</source>
        <translation>漏报</translation>
    </message>
    <message>
        <source>Concealment</source>
        <translation>瞒报</translation>
    </message>
    <message>
        <source>Needs checking</source>
        <translation>需核实</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>问题线索</translation>
    </message>
    <message>
        <source>Choose a finding to see the declaration&apos;s rules.</source>
        <translation>选择一条核查发现，查看该登记表触发的规则。</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note: what was checked, with whom, what follows…</source>
        <translation>备注：核查了什么、与谁核实、后续如何处理…</translation>
    </message>
    <message>
        <source>Record conclusion</source>
        <translation>记录核查结论</translation>
    </message>
    <message>
        <source>Conclusion:</source>
        <translation>核查结论：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>{name} ({number}), {unit}: declaration {reference}</source>
        <translation>{name}（{number}），{unit}：登记表 {reference}</translation>
    </message>
    <message>
        <source>No declaration imported for this officer.</source>
        <translation>该民警没有已导入的登记表。</translation>
    </message>
    <message>
        <source>Signatures: valid.</source>
        <translation>签名：验证通过。</translation>
    </message>
    <message>
        <source>Signatures: not valid: {reasons}</source>
        <translation>签名：验证未通过：{reasons}</translation>
    </message>
    <message>
        <source>the workbook fails</source>
        <translation>工作簿验证未通过</translation>
    </message>
    <message>
        <source>Latest conclusion: {conclusion}</source>
        <translation>最新核查结论：{conclusion}</translation>
    </message>
    <message>
        <source>No conclusion yet.</source>
        <translation>尚无核查结论。</translation>
    </message>
</context>
<context>
    <name>FindingsTab</name>
    <message>
        <source>score ≥ </source>
        <translation>风险分值 ≥ </translation>
    </message>
    <message>
        <source>Search: police number, name, reason…</source>
        <translation>搜索：警号、姓名、原因…</translation>
    </message>
    <message>
        <source>Review again</source>
        <translation>重新核查</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>导出核查报告…</translation>
    </message>
    <message>
        <source>Write the verification report (an Excel workbook with the findings, scores, conclusions and leads) for this campaign.</source>
        <translation>生成本专项登记的核查报告（Excel 工作簿，含核查发现、风险评分、核查结论和问题线索）。</translation>
    </message>
    <message>
        <source>Findings per unit</source>
        <translation>各单位核查发现数</translation>
    </message>
    <message>
        <source>Interests per trade</source>
        <translation>各行业经商办企业情况数</translation>
    </message>
    <message>
        <source>orange: regulated trade</source>
        <translation>橙色：公安机关业务范围内的行业</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>问题线索</translation>
    </message>
    <message>
        <source>Keys waiting for trust</source>
        <translation>待确认的密钥</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Reviewing…</source>
        <translation>正在核查…</translation>
    </message>
    <message>
        <source>Every unit</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>Every rule</source>
        <translation>全部规则</translation>
    </message>
    <message>
        <source>{campaign}: {findings} findings, {flagged} declarations need an inspector (threshold {threshold}).</source>
        <translation>{campaign}：核查发现 {findings} 条，{flagged} 份需人工核查（阈值 {threshold}）。</translation>
    </message>
    <message>
        <source>{shown} of {total} findings</source>
        <translation>显示 {shown} 条，共 {total} 条核查发现</translation>
    </message>
    <message>
        <source>verification-report-{campaign}.xlsx</source>
        <translation>核查报告-{campaign}.xlsx</translation>
    </message>
    <message>
        <source>Export the verification report</source>
        <translation>导出核查报告</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the verification report to {file}…</source>
        <translation>正在将核查报告写入 {file}…</translation>
    </message>
    <message>
        <source>Wrote the verification report to {path}: {declarations} declarations, {flagged} need an inspector, {cleared} cleared automatically, {conclusions} conclusions, {leads} leads.</source>
        <translation>核查报告已写入 {path}：登记表 {declarations} 份，需人工核查 {flagged} 份，自动通过 {cleared} 份，核查结论 {conclusions} 条，问题线索 {leads} 条。</translation>
    </message>
</context>
<context>
    <name>FindingsTableModel</name>
    <message>
        <source>Score</source>
        <extracomment>(column of the tuple shown, column of the tuple sorted by) The table&apos;s first order: by score, highest first (data.table_order gives the rows in it).</extracomment>
        <translation>风险分值</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation>登记表</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ 上一步</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>下一步 ›</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>Commitment and signature</source>
        <translation>承诺与签字</translation>
    </message>
    <message>
        <source>%1 problems to fix</source>
        <translation>有 %1 个问题待处理</translation>
    </message>
</context>
<context>
    <name>HeadDecisions</name>
    <message>
        <source>Countersigned the declaration of {name}.</source>
        <translation>已为 {name} 的登记表签字背书。</translation>
    </message>
    <message>
        <source>Returned the declaration of {name} to the officer.</source>
        <translation>已将 {name} 的登记表退回本人。</translation>
    </message>
    <message>
        <source>No more declarations wait for your countersignature.</source>
        <translation>已没有待您签字背书的登记表。</translation>
    </message>
</context>
<context>
    <name>HeadPage</name>
    <message>
        <source>Checked item by item; the declaration is true and complete.</source>
        <translation>经逐项核对，填报内容真实、完整。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Countersign…</source>
        <translation>签字背书…</translation>
    </message>
    <message>
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <source>Export the unit…</source>
        <translation>导出本单位…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Receive a declaration file…</source>
        <translation>接收登记表文件…</translation>
    </message>
    <message>
        <source>The whole declaration, read-only (or Enter, or double-click a row).</source>
        <translation>查看整份登记表（只读；也可按回车键或双击该行）。</translation>
    </message>
    <message>
        <source>Opens the declaration: it is countersigned after reading it, with Ctrl+Enter in its window.</source>
        <translation>打开登记表：阅读后在其窗口中按 Ctrl+Enter 签字背书。</translation>
    </message>
    <message>
        <source>Declarations waiting for your countersignature come first. Enter (or a double click) opens one; Ctrl+Enter there countersigns it and shows the next.</source>
        <translation>待您签字背书的登记表排在最前。按回车键（或双击）打开一份；在其中按 Ctrl+Enter 签字背书并显示下一份。</translation>
    </message>
    <message>
        <source>Every countersigned declaration as one signed workbook for the discipline inspectors.</source>
        <translation>把全部已签字背书的登记表导出为一份签名工作簿，交纪检组。</translation>
    </message>
    <message>
        <source>An officer&apos;s own signed declaration, exported on another computer, taken into this store to be countersigned here.</source>
        <translation>接收民警在另一台电脑上签字并导出的本人登记表，存入本数据库，在此签字背书。</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for you</source>
        <translation>
            <numerusform>%n 份待您背书</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} has not started a declaration yet.</source>
        <translation>{name} 尚未开始填报。</translation>
    </message>
    <message>
        <source>No other declaration waits for your countersignature.</source>
        <translation>没有其他待您签字背书的登记表。</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message numerus="yes">
        <source>Refused: nothing was imported; %n problem(s) found.</source>
        <translation>
            <numerusform>已拒绝：未导入任何内容；发现 %n 个问题。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more.</source>
        <translation>
            <numerusform>……另有 %n 个。</numerusform>
        </translation>
    </message>
    <message>
        <source>Protected by a password: its file password is asked for.</source>
        <translation>该工作簿设有文件密码：需输入文件密码。</translation>
    </message>
    <message>
        <source>Refused: nothing was imported.</source>
        <translation>已拒绝：未导入任何内容。</translation>
    </message>
    <message>
        <source>Already imported: this workbook&apos;s content is in the store; nothing was changed.</source>
        <translation>已导入过：此工作簿的内容已在数据库中；未作任何改动。</translation>
    </message>
    <message>
        <source>Imported {count} declarations: {valid} valid, {invalid} not valid.</source>
        <translation>已导入 {count} 份登记表：有效 {valid} 份，无效 {invalid} 份。</translation>
    </message>
    <message>
        <source>The workbook does not verify (its batch signature, cover, keys or a column shown for people): something was changed after export.</source>
        <translation>工作簿校验未通过（批次签名、封面、公钥或供人阅读的栏目）：导出后有内容被改动。</translation>
    </message>
    <message numerus="yes">
        <source>%n declaration(s) had already been imported from another workbook.</source>
        <translation>
            <numerusform>有 %n 份登记表已从其他工作簿导入过。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not imported: no file password was given for this protected workbook. Import it again to enter it.</source>
        <translation>未导入：该工作簿设有文件密码，但未输入密码。请重新导入并输入密码。</translation>
    </message>
    <message>
        <source>Not imported: the import was cancelled before this file.</source>
        <translation>未导入：导入在处理此文件之前已取消。</translation>
    </message>
    <message>
        <source>It was exported with the trusted key {key} of a head of another unit, which is neither this workbook&apos;s unit nor a unit above it: every declaration from it is flagged.</source>
        <translation>该工作簿由另一单位负责人的可信密钥 {key} 导出，该单位既不是本工作簿的单位，也不是其上级单位：其中每份登记表都会被标记。</translation>
    </message>
    <message>
        <source>It was exported with the key {key}, which no inspector has confirmed as trusted: a declaration could have been left out or replaced by an older version. Every declaration from it is flagged until that key is trusted.</source>
        <translation>该工作簿由密钥 {key} 导出，该密钥未经纪检组确认可信：其中的登记表可能被删去或被替换为旧版本。在该密钥被确认可信之前，其中每份登记表都会被标记。</translation>
    </message>
</context>
<context>
    <name>InspectorDetail</name>
    <message>
        <source>Imported declaration</source>
        <translation>已导入的登记表</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>not valid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>{sheet}, row {row}: {message}</source>
        <translation>{sheet}，第 {row} 行：{message}</translation>
    </message>
    <message>
        <source>Imported declaration of {name}</source>
        <translation>已导入的 {name} 的登记表</translation>
    </message>
    <message>
        <source>Officer&apos;s signature</source>
        <translation>民警签字</translation>
    </message>
    <message>
        <source>signed {time} with key {key}</source>
        <translation>{time} 用密钥 {key} 签字</translation>
    </message>
    <message>
        <source>Countersignature</source>
        <translation>签字背书</translation>
    </message>
    <message>
        <source>{name}, {time}, key {key}; opinion: {opinion}</source>
        <translation>{name}，{time}，密钥 {key}；审核意见：{opinion}</translation>
    </message>
    <message>
        <source>Batch signature and workbook</source>
        <translation>批次签名与工作簿</translation>
    </message>
    <message>
        <source>exported by {name} {time}, key {key}</source>
        <translation>由 {name} 于 {time} 导出，密钥 {key}</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签字</translation>
    </message>
    <message>
        <source>Workbook</source>
        <translation>工作簿</translation>
    </message>
    <message>
        <source>Row on the sheet</source>
        <translation>工作表中的行</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>{time} by {login}</source>
        <translation>{time}，由 {login} 导入</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation>登记表</translation>
    </message>
    <message>
        <source>{id}, version {version}</source>
        <translation>{id}，第 {version} 版</translation>
    </message>
    <message>
        <source>Also imported from</source>
        <translation>也从以下工作簿导入</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>InspectorPage</name>
    <message>
        <source>Import workbooks…</source>
        <translation>导入工作簿…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the import: the file being imported is not kept; the files imported before it are.</source>
        <translation>停止导入：正在导入的文件不予保存，此前已导入的文件保留。</translation>
    </message>
    <message>
        <source>or drop .xlsx workbooks onto this page</source>
        <translation>或将 .xlsx 工作簿拖放到本页</translation>
    </message>
    <message>
        <source>Search: police number, name, unit, workbook…</source>
        <translation>搜索：警号、姓名、单位、工作簿…</translation>
    </message>
    <message>
        <source>Every state</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>Imported declarations</source>
        <translation>已导入的登记表</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>核查发现</translation>
    </message>
    <message>
        <source>Registers</source>
        <translation>登记信息比对</translation>
    </message>
    <message>
        <source>{shown} of {total} declarations shown; {flagged} not valid</source>
        <translation>显示 {shown} / {total} 份登记表；无效 {flagged} 份</translation>
    </message>
    <message>
        <source>Import workbooks</source>
        <translation>导入工作簿</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>An import is running: wait for it to end, or cancel it.</source>
        <translation>正在导入：请等待完成，或取消导入。</translation>
    </message>
    <message>
        <source>No .xlsx workbook among the files given.</source>
        <translation>所选文件中没有 .xlsx 工作簿。</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n workbook(s)…</source>
        <translation>
            <numerusform>正在导入 %n 个工作簿…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling: the file being imported is not kept.</source>
        <translation>正在取消：正在导入的文件不予保存。</translation>
    </message>
    <message>
        <source>File {number} of {count}: {name}</source>
        <translation>第 {number} / {count} 个文件：{name}</translation>
    </message>
    <message>
        <source>File {number} of {count}: {name}, {checked} of {declarations} declarations checked</source>
        <translation>第 {number} / {count} 个文件：{name}，已核验 {checked} / {declarations} 份登记表</translation>
    </message>
    <message numerus="yes">
        <source>Import cancelled: %n file(s) were not imported.</source>
        <translation>
            <numerusform>导入已取消：有 %n 个文件未导入。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import finished: {imported} imported, {already} already imported, {refused} refused.</source>
        <translation>导入完成：导入 {imported} 个，此前已导入 {already} 个，拒绝 {refused} 个。</translation>
    </message>
    <message numerus="yes">
        <source>%n not imported without its password.</source>
        <translation>
            <numerusform>%n 个因未输入密码而未导入。</numerusform>
        </translation>
    </message>
    <message>
        <source>The file password for {file} was wrong. Enter it again (Cancel: this file is not imported):</source>
        <translation>{file} 的文件密码不正确。请重新输入（取消：不导入该文件）：</translation>
    </message>
    <message>
        <source>The workbook {file} is protected by a password. Enter its file password (Cancel: this file is not imported):</source>
        <translation>工作簿 {file} 设有文件密码。请输入其文件密码（取消：不导入该文件）：</translation>
    </message>
    <message>
        <source>File password</source>
        <translation>文件密码</translation>
    </message>
</context>
<context>
    <name>InterestEditor</name>
    <message>
        <source>Detail row: %1</source>
        <extracomment>The form the row is on: version 2 adds the listed holder, several roles and the registration details.</extracomment>
        <translation>填报明细：%1</translation>
    </message>
    <message>
        <source>Who holds it, and which enterprise</source>
        <translation>经营人及企业</translation>
    </message>
    <message>
        <source>How, and since when</source>
        <translation>经营方式及时间</translation>
    </message>
    <message>
        <source>Relation to your work</source>
        <translation>与本人工作的关系</translation>
    </message>
    <message>
        <source>This row still has %1 problems (shown in the fields above). Click OK again to keep it as it is and finish it later; it cannot be signed until they are solved.</source>
        <translation>本条还有 %1 个问题（见上方各项）。再次点击“确定”可先保留、稍后补充；问题解决前不能签字。</translation>
    </message>
</context>
<context>
    <name>InterestFields</name>
    <message>
        <source>18 characters; leave empty if the business has none</source>
        <translation>18 位；没有的可不填</translation>
    </message>
    <message>
        <source>18 characters; the last may be X</source>
        <translation>18 位，最后一位可以是 X</translation>
    </message>
    <message>
        <source>As on the business licence</source>
        <translation>与营业执照一致</translation>
    </message>
    <message>
        <source>Not needed for yourself</source>
        <translation>本人无需填写</translation>
    </message>
    <message>
        <source>The business is related to my duties</source>
        <translation>该企业与本人职责相关</translation>
    </message>
    <message>
        <source>The business is within the area my unit polices</source>
        <translation>该企业在本人所在单位辖区内</translation>
    </message>
    <message>
        <source>What was or will be done to end it (exit, deregistration), and by when</source>
        <translation>已经或将要采取的整改措施（退出、注销等）及完成时限</translation>
    </message>
</context>
<context>
    <name>InterestTableModel</name>
    <message>
        <source>Share / capital / income</source>
        <translation>持股比例 / 出资额 / 年收入</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>In own jurisdiction</source>
        <translation>在本人辖区</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>%1 to fix</source>
        <translation>%1 个问题</translation>
    </message>
</context>
<context>
    <name>InterruptedRotationNotice</name>
    <message>
        <source>Key rotation interrupted</source>
        <translation>更换密钥曾被中断</translation>
    </message>
    <message>
        <source>A key rotation that had been interrupted was finished while logging in, but its new recovery key was never shown and the old one no longer opens the store. Give the database a new data key now and write down the recovery key it shows.</source>
        <translation>此前一次被中断的更换密钥已在登录时完成，但其新的恢复密钥从未显示，旧的恢复密钥也已无法打开数据库。请立即为数据库更换数据密钥，并抄写随后显示的恢复密钥。</translation>
    </message>
    <message>
        <source>A key rotation that had been interrupted before it changed the database was undone while logging in, so the database keeps its old key. Give the database a new data key now.</source>
        <translation>此前一次更换密钥在改动数据库之前被中断，登录时已将其撤销，数据库保留原密钥。请立即为数据库更换数据密钥。</translation>
    </message>
    <message>
        <source>New data key now</source>
        <translation>立即更换数据密钥</translation>
    </message>
    <message>
        <source>Otherwise the command &apos;users revoke&apos; does the same later.</source>
        <translation>否则，也可稍后运行命令“users revoke”完成同样的操作。</translation>
    </message>
</context>
<context>
    <name>KeyChangedDialog</name>
    <message>
        <source>The officer&apos;s key has changed</source>
        <translation>该民警的密钥已变更</translation>
    </message>
    <message>
        <source>The declaration of {name} ({police_number}) is signed with a key that differs from the one on record for this officer. It may be a new key after a password reset, or someone signing in the officer&apos;s name. Nothing has been received yet.</source>
        <translation>{name}（{police_number}）的登记表所用的签名密钥与记录中该民警的密钥不同。这可能是重置密码后产生的新密钥，也可能是他人冒用该民警的名义签字。目前尚未接收任何内容。</translation>
    </message>
    <message>
        <source>Compare the fingerprint in the file with the officer in person (or by phone). Receive it only if the officer confirms it as their own new key.</source>
        <translation>请当面（或电话）向该民警核对文件中的密钥指纹。只有该民警确认这是其本人的新密钥后，才可接收。</translation>
    </message>
    <message>
        <source>I have confirmed the new fingerprint with the officer in person</source>
        <translation>我已当面向该民警核实新的密钥指纹</translation>
    </message>
    <message>
        <source>Receive with the new key</source>
        <translation>使用新密钥接收</translation>
    </message>
    <message>
        <source>Key in the file:</source>
        <translation>文件中的密钥：</translation>
    </message>
    <message>
        <source>Keys on record for the officer:</source>
        <translation>记录中该民警的密钥：</translation>
    </message>
</context>
<context>
    <name>LeadsList</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Updated by</source>
        <translation>更新人</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Note (optional): what was done, what follows…</source>
        <translation>备注（选填）：已开展的工作、后续安排…</translation>
    </message>
    <message>
        <source>Change state</source>
        <translation>更改办理状态</translation>
    </message>
    <message>
        <source>Follow-up state of the selected lead:</source>
        <translation>所选问题线索的办理状态：</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Declarations of business involvement</source>
        <translation>民警参与经商办企业情况登记</translation>
    </message>
    <message>
        <source>Type to find your login (e.g. your police number)</source>
        <translation>输入以查找您的登录名（例如警号）</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Open another store…</source>
        <translation>打开其他数据库…</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>账号：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Opening the store in {folder}…</source>
        <translation>正在打开 {folder} 中的数据库…</translation>
    </message>
    <message>
        <source>Store: {folder}</source>
        <translation>数据库：{folder}</translation>
    </message>
    <message>
        <source>Checking the password…</source>
        <translation>正在核对密码…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Declarations of business involvement</source>
        <translation>民警参与经商办企业情况登记</translation>
    </message>
    <message>
        <source>DEMO STORE: made-up data and weak key protection. Never enter real declarations here.</source>
        <translation>演示数据库：数据均为虚构，密钥保护强度很低。切勿在此填写真实的情况登记。</translation>
    </message>
    <message>
        <source>Open a store folder</source>
        <translation>打开数据库文件夹</translation>
    </message>
    <message>
        <source>Locked. Enter the password to continue.</source>
        <translation>已锁定。请输入密码继续。</translation>
    </message>
    <message numerus="yes">
        <source>Locked after %n minute(s) without use. Enter the password to continue.</source>
        <translation>
            <numerusform>已 %n 分钟无操作，窗口已锁定。请输入密码继续。</numerusform>
        </translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
    <message>
        <source>Quit without the recovery key?</source>
        <translation>不记下恢复密钥就退出？</translation>
    </message>
    <message>
        <source>The recovery key will never be shown again. Quit anyway?</source>
        <translation>恢复密钥以后不会再显示。仍要退出吗？</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>Columns of the list</source>
        <translation>名单的列</translation>
    </message>
    <message>
        <source>Say what each column holds: at least a person&apos;s name and an enterprise. Others may stay unused.</source>
        <translation>请说明每列的内容：至少需要人员姓名和企业，其余列可以不用。</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>（不使用）</translation>
    </message>
    <message>
        <source>e.g. the province or department: the store remembers it by this name</source>
        <translation>例如省份或部门：按此名称保存对应关系</translation>
    </message>
    <message>
        <source>Remember as:</source>
        <translation>保存为：</translation>
    </message>
</context>
<context>
    <name>MemberChoice</name>
    <message>
        <source>(not a listed family member)</source>
        <translation>（非所列家庭成员）</translation>
    </message>
</context>
<context>
    <name>NewAccountDialog</name>
    <message>
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <source>e.g. the police number</source>
        <translation>例如警号</translation>
    </message>
    <message>
        <source>needed for officers; the officer must be on the roster</source>
        <translation>民警账号必填；该民警须已在花名册中</translation>
    </message>
    <message>
        <source>(the officer&apos;s unit, or none)</source>
        <translation>（民警所在单位，或不指定）</translation>
    </message>
    <message>
        <source>Give the initial password to the person in person; they can change it after logging in.</source>
        <translation>请当面把初始密码告知本人；本人登录后可以自行修改。</translation>
    </message>
    <message>
        <source>Login name:</source>
        <translation>登录名：</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Police number:</source>
        <translation>警号：</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>创建账号</translation>
    </message>
</context>
<context>
    <name>NewRecoveryKeyDialog</name>
    <message>
        <source>The new recovery key</source>
        <translation>新的恢复密钥</translation>
    </message>
    <message>
        <source>The database has a new data key; {count} accounts keep their passwords. The old recovery key and old copies of the key file no longer open it. Write the new recovery key down now: it is shown this once.</source>
        <translation>数据库已更换数据密钥；{count} 个账户的密码保持不变。旧的恢复密钥和旧的密钥文件副本已无法打开数据库。请现在抄写新的恢复密钥：它只显示这一次。</translation>
    </message>
    <message>
        <source>I have written the new recovery key down and will keep it safe</source>
        <translation>我已抄写新的恢复密钥并将妥善保管</translation>
    </message>
</context>
<context>
    <name>OfficerLabels</name>
    <message>
        <source>Investor</source>
        <translation>出资人</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Shareholder</source>
        <translation>股东</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经营管理者</translation>
    </message>
    <message>
        <source>Senior manager</source>
        <translation>高管</translation>
    </message>
    <message>
        <source>Actual controller</source>
        <translation>实际控制人</translation>
    </message>
    <message>
        <source>Part-time position</source>
        <translation>兼职</translation>
    </message>
    <message>
        <source>Holds it for someone, or lends the name</source>
        <translation>代持或挂名</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Operating</source>
        <translation>经营中</translation>
    </message>
    <message>
        <source>Being rectified</source>
        <translation>整改中</translation>
    </message>
    <message>
        <source>Exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>Deregistered</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>CPC member</source>
        <translation>中共党员</translation>
    </message>
    <message>
        <source>CPC probationary member</source>
        <translation>中共预备党员</translation>
    </message>
    <message>
        <source>Communist Youth League member</source>
        <translation>共青团员</translation>
    </message>
    <message>
        <source>Member of a democratic party</source>
        <translation>民主党派成员</translation>
    </message>
    <message>
        <source>Without party affiliation</source>
        <translation>无党派人士</translation>
    </message>
    <message>
        <source>Ordinary citizen</source>
        <translation>群众</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Own business</source>
        <extracomment>Short titles of the questions, for the step list and the review.</extracomment>
        <translation>本人经商办企业</translation>
    </message>
    <message>
        <source>Shareholding</source>
        <translation>持有非上市公司股份</translation>
    </message>
    <message>
        <source>Paid part-time work</source>
        <translation>在企业兼职取酬</translation>
    </message>
    <message>
        <source>Disguised involvement</source>
        <translation>变相参与经商</translation>
    </message>
    <message>
        <source>Relatives&apos; business</source>
        <translation>亲属经商办企业</translation>
    </message>
    <message>
        <source>Specific-related persons&apos; business</source>
        <translation>特定关系人经商办企业</translation>
    </message>
    <message>
        <source>Relation</source>
        <extracomment>The fields of a detail row and of the officer&apos;s data, by the last part of a problem&apos;s path.</extracomment>
        <translation>关系</translation>
    </message>
    <message>
        <source>Holder&apos;s name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Holder&apos;s ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Enterprise name</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation>经营行业</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>经营方式</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>持股比例（%）</translation>
    </message>
    <message>
        <source>Capital (10,000 yuan)</source>
        <translation>出资额（万元）</translation>
    </message>
    <message>
        <source>Yearly income (10,000 yuan)</source>
        <translation>年收入（万元）</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>经营状态</translation>
    </message>
    <message>
        <source>Within own jurisdiction</source>
        <translation>在本人辖区内</translation>
    </message>
    <message>
        <source>Related to own duties</source>
        <translation>与本人职责相关</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>整改情况</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>其他需要说明的情况</translation>
    </message>
    <message>
        <source>Roles in the enterprise</source>
        <translation>在企业中的身份</translation>
    </message>
    <message>
        <source>Listed family member</source>
        <translation>所列家庭成员</translation>
    </message>
    <message>
        <source>Registered address</source>
        <translation>注册地址</translation>
    </message>
    <message>
        <source>Business scope</source>
        <translation>经营范围</translation>
    </message>
    <message>
        <source>Registered capital (10,000 yuan)</source>
        <translation>注册资本(万元)</translation>
    </message>
    <message>
        <source>Registration authority</source>
        <translation>登记机关</translation>
    </message>
    <message>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Family members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Further personal details</source>
        <translation>其他个人信息</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>OfficerPage</name>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Save now (Ctrl+S). Changes are also saved automatically.</source>
        <translation>立即保存（Ctrl+S）。修改也会自动保存。</translation>
    </message>
    <message>
        <source>your declaration needs you</source>
        <translation>您的登记表待处理</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>Your last changes could not be saved: %1</source>
        <translation>最近的修改未能保存：%1</translation>
    </message>
    <message>
        <source>Saved at %1</source>
        <translation>已于 %1 保存</translation>
    </message>
    <message>
        <source>Amend the countersigned declaration?</source>
        <translation>更正已签字背书的登记表？</translation>
    </message>
    <message>
        <source>The unit head has already countersigned this declaration.</source>
        <translation>单位负责人已对本登记表签字背书。</translation>
    </message>
    <message>
        <source>If you change it, your changes become a new version: you must sign it again, and the unit head must countersign it again. Both signatures of the current version stop applying as soon as your first change is saved; that version stays in the history, marked as superseded.</source>
        <translation>如果修改，修改后的内容将成为新的版本：您需要重新签字，单位负责人也需要重新签字背书。第一次保存修改后，当前版本的两个签字即不再适用；该版本保留在历史记录中，标记为“已被更正版本取代”。</translation>
    </message>
    <message>
        <source>Amend</source>
        <translation>更正</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Sign with your password</source>
        <translation>输入密码签字</translation>
    </message>
    <message>
        <source>Your login password</source>
        <translation>登录密码</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签字</translation>
    </message>
</context>
<context>
    <name>PasswordFields</name>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <source>At least {minimum} characters, not one of the common passwords that are guessed first, and not the login name. A short sentence is easy to remember and hard to guess.</source>
        <translation>至少 {minimum} 个字符，不能是容易被猜到的常用密码，也不能与登录名相同。用一个短句作密码，好记又难猜。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The password meets the policy.</source>
        <translation>密码符合要求。</translation>
    </message>
</context>
<context>
    <name>PersonalDetailsBox</name>
    <message>
        <source>Further personal details</source>
        <translation>其他个人信息</translation>
    </message>
    <message>
        <source>Read from the ID number; it cannot be typed.</source>
        <translation>由公民身份号码自动得出，无需填写。</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>11 digits, e.g. 13904371234</source>
        <translation>11位数字，例如 13904371234</translation>
    </message>
</context>
<context>
    <name>PersonalPage</name>
    <message>
        <source>Personal data</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>This comes from the roster (花名册) and cannot be changed here. If anything is wrong, ask your unit&apos;s administrator to correct the roster before you sign.</source>
        <translation>以下信息来自花名册，不能在此修改。如有错误，请在签字前联系本单位管理员更正花名册。</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>职级</translation>
    </message>
    <message>
        <source>Key person</source>
        <translation>重点人员</translation>
    </message>
    <message>
        <source>division-level cadre</source>
        <translation>处级干部</translation>
    </message>
    <message>
        <source>leadership member</source>
        <translation>班子成员</translation>
    </message>
    <message>
        <source>unit head</source>
        <translation>单位主要负责人</translation>
    </message>
    <message>
        <source>Yes: %1</source>
        <translation>是：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>PrintButton</name>
    <message>
        <source>Print / save as PDF…</source>
        <translation>打印/导出PDF</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>导出PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save the form as PDF</source>
        <translation>将登记表导出为PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ProblemList</name>
    <message>
        <source>No problems found: the declaration is complete.</source>
        <translation>未发现问题，登记表已填写完整。</translation>
    </message>
    <message>
        <source>No errors; every warning has been confirmed.</source>
        <translation>没有错误，所有提醒均已确认。</translation>
    </message>
    <message>
        <source>%1 errors and %2 warnings to confirm before signing.</source>
        <translation>签字前需改正 %1 个错误、确认 %2 个提醒。</translation>
    </message>
    <message>
        <source>Go to</source>
        <translation>前往</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Personal data: %1</source>
        <translation>基本信息：%1</translation>
    </message>
    <message>
        <source>%1, row %2 (%3): %4</source>
        <translation>%1 第 %2 条（%3）：%4</translation>
    </message>
</context>
<context>
    <name>QuestionPage</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Enter one row for each enterprise or business. Give the unified social credit code when the business has one; choose the trade from the catalog.</source>
        <translation>每个企业或个体工商户填写一条。有统一社会信用代码的请填写；经营行业请从目录中选择。</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>List at most %1 business interests.</source>
        <translation>经商办企业情况最多填写%1项。</translation>
    </message>
    <message>
        <source>View…</source>
        <translation>查看…</translation>
    </message>
    <message>
        <source>You answered No, but %1 detail rows are entered under this question. Remove them?</source>
        <translation>您选择了“否”，但此项下已填写 %1 条明细。是否删除这些明细？</translation>
    </message>
    <message>
        <source>Remove the detail rows?</source>
        <translation>删除明细？</translation>
    </message>
    <message>
        <source>Remove the row for %1?</source>
        <translation>删除“%1”这条明细？</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（未填名称）</translation>
    </message>
    <message>
        <source>Remove the row?</source>
        <translation>删除明细？</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Officer</source>
        <extracomment>Waiting for the head first, then returned, drafts, not started, done.</extracomment>
        <translation>民警</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Look twice</source>
        <translation>重点关注</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPage</name>
    <message>
        <source>The recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>The store is created. Write this key down now: it is shown only this once.</source>
        <translation>数据库已创建。请立即抄下这个密钥：它只显示这一次。</translation>
    </message>
    <message>
        <source>With the recovery key, a forgotten administrator password can be reset. Without it, and without an administrator who still knows a password, nobody can ever open the data again. Write it on paper and keep it locked away; do not store it on this computer.</source>
        <translation>凭恢复密钥可以重置遗忘的管理员密码。如果没有恢复密钥，也没有仍记得密码的管理员，任何人都无法再打开这些数据。请把它抄在纸上并锁好保管，不要保存在本机上。</translation>
    </message>
    <message>
        <source>I have written the recovery key down and will keep it safe</source>
        <translation>我已抄下恢复密钥，并将妥善保管</translation>
    </message>
</context>
<context>
    <name>RegisterEvidence</name>
    <message>
        <source>Register</source>
        <translation>登记信息</translation>
    </message>
</context>
<context>
    <name>RegistersTab</name>
    <message>
        <source>Enterprise register</source>
        <translation>市场主体登记信息</translation>
    </message>
    <message>
        <source>Special-trade licences</source>
        <translation>特种行业许可证</translation>
    </message>
    <message>
        <source>Other list (column mapping)</source>
        <translation>其他名单（列对应关系）</translation>
    </message>
    <message>
        <source>A column mapping the store remembers, for a list whose headings differ</source>
        <translation>已保存的列对应关系，用于表头不同的名单</translation>
    </message>
    <message>
        <source>What to call it: department and date of the extract</source>
        <translation>名称：提供部门和数据日期</translation>
    </message>
    <message>
        <source>Import register…</source>
        <translation>导入登记信息…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>导入人</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Enterprises</source>
        <translation>企业数</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员数</translation>
    </message>
    <message>
        <source>Encoding, SHA-256</source>
        <translation>编码、SHA-256</translation>
    </message>
    <message>
        <source>Registers are matched at the next review; findings name the register rows.</source>
        <translation>登记信息在下次核查时比对；核查发现会注明所依据的登记记录。</translation>
    </message>
    <message>
        <source>Usual headings</source>
        <translation>常用表头</translation>
    </message>
    <message numerus="yes">
        <source>%n bad row(s) left out</source>
        <translation>
            <numerusform>跳过有问题的行 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Import a register extract</source>
        <translation>导入登记信息</translation>
    </message>
    <message>
        <source>Register extracts (*.xlsx *.csv)</source>
        <translation>登记信息 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Wait for the register being imported or removed.</source>
        <translation>请等待正在导入或删除的登记信息完成。</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>Imported {file} ({encoding}): {rows} rows, {people} people.</source>
        <translation>已导入 {file}（{encoding}）：{rows} 行，{people} 名人员。</translation>
    </message>
    <message>
        <source>Choose the register to remove.</source>
        <translation>请选择要删除的登记信息。</translation>
    </message>
    <message>
        <source>Remove register</source>
        <translation>删除登记信息</translation>
    </message>
    <message>
        <source>Remove {file} ({rows} rows) from the store? Its findings go at the next review.</source>
        <translation>从数据库中删除 {file}（{rows} 行）？相关核查发现将在下次核查时消失。</translation>
    </message>
    <message>
        <source>Removed {file}.</source>
        <translation>已删除 {file}。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the import: nothing of this file is kept.</source>
        <translation>停止导入：该文件的内容均不保存。</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>%p% — {rows} rows stored</source>
        <translation>%p% — 已保存 {rows} 行</translation>
    </message>
    <message>
        <source>Import cancelled: nothing of the file was kept.</source>
        <translation>导入已取消：该文件的内容均未保存。</translation>
    </message>
</context>
<context>
    <name>RegistrationBox</name>
    <message>
        <source>The enterprise as registered</source>
        <translation>企业登记信息</translation>
    </message>
    <message>
        <source>e.g. 辽源市龙山区市场监督管理局</source>
        <translation>例如：辽源市龙山区市场监督管理局</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset the password of {login}</source>
        <translation>重置 {login} 的密码</translation>
    </message>
    <message>
        <source>A reset issues a new key pair for {login}: the old private key opens only with the old password, which nobody else knows. Signatures made before stay valid (the old public key is kept to verify them); new signatures use the new key. Use a reset only when the password is lost; to change a known password, the person does it themselves.</source>
        <translation>重置会为 {login} 生成新的密钥对：旧私钥只有旧密码才能打开，而旧密码别人无从知道。此前的签名仍然有效（旧公钥会保留用于验证）；今后的签名使用新密钥。请仅在密码遗失时重置；如果只是想换一个密码，请本人自行修改。</translation>
    </message>
    <message>
        <source>Reset password and issue new keys</source>
        <translation>重置密码并生成新密钥</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return the declaration</source>
        <translation>退回登记表</translation>
    </message>
    <message>
        <source>Return the declaration of {officer}: the officer corrects it and signs again. Say what is to be corrected.</source>
        <translation>退回 {officer} 的登记表：由本人更正后重新签字。请写明需要更正的内容。</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>The reason (required)</source>
        <translation>退回原因（必填）</translation>
    </message>
</context>
<context>
    <name>ReviewLabels</name>
    <message>
        <source>Regulated trade</source>
        <translation>公安监管行业</translation>
    </message>
    <message>
        <source>A declared business is in a trade within the police&apos;s regulatory scope.</source>
        <translation>所填报的经营活动属于公安机关业务范围内的经营项目。</translation>
    </message>
    <message>
        <source>Own jurisdiction</source>
        <translation>本人辖区</translation>
    </message>
    <message>
        <source>A declared business is within the jurisdiction of the officer&apos;s unit.</source>
        <translation>所填报的经营活动在民警所在单位辖区内。</translation>
    </message>
    <message>
        <source>Key person</source>
        <translation>重点人员</translation>
    </message>
    <message>
        <source>A division-level cadre, leadership member or unit head: verified first.</source>
        <translation>处级干部、班子成员或单位主要负责人：优先核查。</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Signed after the campaign&apos;s deadline.</source>
        <translation>签字晚于本批次截止日期。</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <source>Signed with a key no head of this store has endorsed for the officer: a first own-declaration file, or a new key after a password reset (possibly someone else signing in the officer&apos;s name). Compare the fingerprint with the officer before countersigning.</source>
        <translation>签字所用的密钥尚未经本数据库的负责人为该民警背书：首次接收的本人登记表文件，或密码重置后的新密钥（可能是他人冒名签字）。签字背书前请与该民警核对指纹。</translation>
    </message>
    <message>
        <source>Investor</source>
        <translation>出资人</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Shareholder</source>
        <translation>股东</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经营管理者</translation>
    </message>
    <message>
        <source>Part-time position</source>
        <translation>兼职</translation>
    </message>
    <message>
        <source>Holds it for someone, or lends the name</source>
        <translation>代持或挂名</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Operating</source>
        <translation>经营中</translation>
    </message>
    <message>
        <source>Being rectified</source>
        <translation>整改中</translation>
    </message>
    <message>
        <source>Exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>Deregistered</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Own business</source>
        <translation>本人经商办企业</translation>
    </message>
    <message>
        <source>Shareholding</source>
        <translation>持有非上市公司股份</translation>
    </message>
    <message>
        <source>Paid part-time work</source>
        <translation>在企业兼职取酬</translation>
    </message>
    <message>
        <source>Disguised involvement</source>
        <translation>变相参与经商</translation>
    </message>
    <message>
        <source>Relatives&apos; business</source>
        <translation>亲属经商办企业</translation>
    </message>
    <message>
        <source>Specific-related persons&apos; business</source>
        <translation>特定关系人经商办企业</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>Check every answer and every row before you sign. Click a question to change it.</source>
        <translation>签字前请逐项核对。点击问题可返回修改。</translation>
    </message>
    <message>
        <source>Anything else the unit head or the inspectors should know</source>
        <translation>需要向单位负责人或纪检组说明的其他情况</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>待处理的问题</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>RolePages</name>
    <message>
        <source>My declaration</source>
        <translation>本人填报</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>核查</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>管理</translation>
    </message>
</context>
<context>
    <name>RosterTab</name>
    <message>
        <source>The roster lists every officer who must declare, with their units. Write an empty template, fill it in (identifiers as text), and import it. A roster with any error is not imported at all: every problem is listed below by row and cell, so that one round of corrections is enough.</source>
        <translation>花名册列出所有须填报的民警及其所在单位。请先生成空白模板，填写（警号、身份证号等按文本填写）后导入。花名册中只要有一处错误，整份都不会导入；下方会按行和单元格列出所有问题，一次改正即可。</translation>
    </message>
    <message>
        <source>Import a roster…</source>
        <translation>导入花名册…</translation>
    </message>
    <message>
        <source>Write an empty template…</source>
        <translation>生成空白模板…</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>单元格</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import a roster</source>
        <translation>导入花名册</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>Roster imported: {added} officers added, {updated} updated; {units_added} units added, {units_updated} updated.</source>
        <translation>花名册已导入：新增民警 {added} 名，更新 {updated} 名；新增单位 {units_added} 个，更新 {units_updated} 个。</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Write an empty roster template</source>
        <translation>生成空白花名册模板</translation>
    </message>
    <message>
        <source>roster.xlsx</source>
        <translation>花名册.xlsx</translation>
    </message>
    <message>
        <source>Writing {file}…</source>
        <translation>正在写入 {file}…</translation>
    </message>
    <message>
        <source>Wrote an empty roster to {path}.</source>
        <translation>已将空白花名册写入 {path}。</translation>
    </message>
    <message>
        <source>Could not write {path} ({reason}). Check that the folder exists and can be written to.</source>
        <translation>无法写入 {path}（{reason}）。请检查文件夹是否存在并且可以写入。</translation>
    </message>
</context>
<context>
    <name>SessionStatus</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Account: {name}</source>
        <translation>账号：{name}</translation>
    </message>
    <message>
        <source>Roles: {roles}</source>
        <translation>角色：{roles}</translation>
    </message>
    <message>
        <source>Unit: {unit}</source>
        <translation>单位：{unit}</translation>
    </message>
    <message>
        <source>DEMO STORE</source>
        <translation>演示数据库</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <extracomment>Language names are written in their own language, so that anyone can find theirs.</extracomment>
        <translation>设置</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>A new language takes effect when the application is started again.</source>
        <translation>新的界面语言在重新启动软件后生效。</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <source>Lock after no use for:</source>
        <translation>无操作自动锁定：</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>New store</source>
        <translation>新建数据库</translation>
    </message>
</context>
<context>
    <name>ShellActions</name>
    <message>
        <source>Open another store…</source>
        <translation>打开其他数据库…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Lock the window now: the keys are forgotten until the password is entered again (Ctrl+L)</source>
        <translation>立即锁定窗口：在重新输入密码之前，密钥从内存中清除（Ctrl+L）</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <source>About this store…</source>
        <translation>关于本数据库…</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <source>&amp;Store</source>
        <translation>数据库(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账号(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Sign here (optional)</source>
        <translation>在此手写签名（可选）</translation>
    </message>
</context>
<context>
    <name>SigningFlow</name>
    <message>
        <source>The form still has problems; solve them before signing.</source>
        <translation>登记表还有问题，请处理后再签字。</translation>
    </message>
    <message>
        <source>Enter your password to sign version %1 of your declaration for %2. By signing you make the commitment you have just read.</source>
        <translation>请输入密码，对您在“%2”中的登记表（第 %1 版）签字。签字即作出您刚刚阅读的承诺。</translation>
    </message>
    <message>
        <source>The handwritten signature was not kept: %1</source>
        <translation>手写签名未能保存：%1</translation>
    </message>
    <message>
        <source>Signed. Your declaration now waits for the unit head&apos;s review.</source>
        <translation>已签字。登记表正等待单位负责人审核。</translation>
    </message>
    <message>
        <source>Not signed: %1</source>
        <translation>未签字：%1</translation>
    </message>
</context>
<context>
    <name>StatusBanner</name>
    <message>
        <source>Amend…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Returned by the unit head on %1. Reason: %2</source>
        <translation>单位负责人于 %1 退回。退回原因：%2</translation>
    </message>
    <message>
        <source>Returned earlier, on %1. Reason given then: %2</source>
        <translation>曾于 %1 被退回，当时的原因：%2</translation>
    </message>
    <message>
        <source>%1 days left</source>
        <translation>还剩 %1 天</translation>
    </message>
    <message>
        <source>today is the deadline</source>
        <translation>今天截止</translation>
    </message>
    <message>
        <source>the deadline has passed; a signature now is recorded as late</source>
        <translation>已过截止日期，现在签字将记为逾期</translation>
    </message>
    <message>
        <source>%1 · deadline %2 (%3) · version %4</source>
        <translation>%1 · 截止日期 %2（%3）· 第 %4 版</translation>
    </message>
    <message>
        <source>You are amending a countersigned declaration. Your first change saves it as a new version, which you sign again and the unit head countersigns again.</source>
        <translation>您正在更正已签字背书的登记表。第一次保存修改即生成新版本，需要您重新签字、单位负责人重新签字背书。</translation>
    </message>
    <message>
        <source>Fill in every page, check the review, read the commitment and sign. Your changes are saved automatically.</source>
        <translation>请逐页填写，核对无误后阅读承诺书并签字。修改会自动保存。</translation>
    </message>
    <message>
        <source>Correct the declaration as the unit head asks, then sign it again.</source>
        <translation>请按单位负责人的意见修改登记表，然后重新签字。</translation>
    </message>
    <message>
        <source>You signed on %1. The declaration is waiting for the unit head&apos;s review and cannot be changed now; if something is wrong, ask the unit head to return it.</source>
        <translation>您已于 %1 签字。登记表正等待单位负责人审核，现在不能修改；如有错误，请联系单位负责人退回。</translation>
    </message>
    <message>
        <source>The signature was after the deadline.</source>
        <translation>签字时间晚于截止日期。</translation>
    </message>
    <message>
        <source>The unit head countersigned on %1 (opinion: %2). It is read-only; if your situation has changed, click Amend.</source>
        <translation>单位负责人已于 %1 签字背书（意见：%2）。登记表为只读；如情况有变化，请点击“更正”。</translation>
    </message>
    <message>
        <source>This version was replaced by an amendment and is kept only in the history.</source>
        <translation>此版本已被更正版本取代，仅保留在历史记录中。</translation>
    </message>
</context>
<context>
    <name>ThresholdBar</name>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Declarations scoring below the threshold are cleared automatically; a new threshold applies to every inspector and is recorded in the audit log.</source>
        <translation>风险分值低于阈值的登记表自动通过；修改后的阈值对纪检组全体人员生效，并记入审计日志。</translation>
    </message>
    <message>
        <source>Automatic-clearing threshold:</source>
        <translation>自动通过阈值：</translation>
    </message>
</context>
<context>
    <name>TradePicker</name>
    <message>
        <source>Search trades, e.g. 旅馆 or hotel</source>
        <translation>搜索行业，如“旅馆”</translation>
    </message>
    <message>
        <source>Choose the trade</source>
        <translation>请选择经营行业</translation>
    </message>
    <message>
        <source>This trade is within the police&apos;s regulatory scope (公安机关业务范围内的经营项目).</source>
        <translation>该行业属于公安机关业务范围内的经营项目。</translation>
    </message>
    <message>
        <source>%1 — police-regulated</source>
        <translation>%1（公安监管行业）</translation>
    </message>
</context>
<context>
    <name>UnitPage</name>
    <message>
        <source>The first unit</source>
        <translation>第一个单位</translation>
    </message>
    <message>
        <source>The unit that keeps this store, usually the bureau. The other units come with the roster (花名册) later.</source>
        <translation>保管本数据库的单位，通常是本局。其他单位随后通过导入花名册添加。</translation>
    </message>
    <message>
        <source>Unit code:</source>
        <translation>单位代码：</translation>
    </message>
    <message>
        <source>Unit name:</source>
        <translation>单位名称：</translation>
    </message>
</context>
<context>
    <name>UnitsTab</name>
    <message>
        <source>Unit</source>
        <extracomment>A unit and the subtrees of the units under it.</extracomment>
        <translation>单位</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Jurisdiction</source>
        <translation>辖区</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>UserGuideDialog</name>
    <message>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <source>The user guide is missing from this installation: reinstall it.</source>
        <translation>本机安装的程序缺少使用说明，请重新安装。</translation>
    </message>
</context>
<context>
    <name>Verification</name>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Officer&apos;s signature fails</source>
        <translation>民警签字验证未通过</translation>
    </message>
    <message>
        <source>Countersignature fails</source>
        <translation>签字背书验证未通过</translation>
    </message>
    <message>
        <source>Workbook fails</source>
        <translation>工作簿校验未通过</translation>
    </message>
    <message>
        <source>The unit head&apos;s key is not among the keys the inspectors trust.</source>
        <translation>单位主要负责人的密钥不在纪检组信任的密钥之列。</translation>
    </message>
    <message>
        <source>The workbook has no batch signature.</source>
        <translation>工作簿没有整批签名。</translation>
    </message>
    <message>
        <source>The exporter&apos;s key is not in the workbook, so the batch signature cannot be checked.</source>
        <translation>工作簿中没有导出人的密钥，无法验证整批签名。</translation>
    </message>
    <message>
        <source>The batch signature does not match: a row was added, removed or changed after export, or the cover was edited.</source>
        <translation>整批签名不符：导出后有行被增加、删除或修改，或封面被编辑过。</translation>
    </message>
    <message>
        <source>The exporter&apos;s key is not among the trusted keys.</source>
        <translation>导出人的密钥不在信任的密钥之列。</translation>
    </message>
    <message>
        <source>The commitment text on the cover does not match its SHA-256.</source>
        <translation>封面上的承诺书文本与其 SHA-256 不符。</translation>
    </message>
    <message>
        <source>A public key does not match its fingerprint.</source>
        <translation>有公钥与其指纹不符。</translation>
    </message>
    <message>
        <source>A declaration belongs to another campaign than the one on the cover.</source>
        <translation>有登记表属于封面所示批次以外的其他批次。</translation>
    </message>
    <message>
        <source>The batch signature on the cover is damaged.</source>
        <translation>封面上的批次签名已损坏。</translation>
    </message>
    <message>
        <source>A column shown for people (a name, a count, a state) does not agree with the signed data: it was edited after export.</source>
        <translation>供人阅读的栏目（姓名、条数、状态等）与签名数据不符：导出后被改动。</translation>
    </message>
    <message>
        <source>The declaration&apos;s own signatures verify, but the workbook it came in does not: open it for the details.</source>
        <translation>登记表本身的签字验证通过，但其所在工作簿未通过验证：请打开查看详情。</translation>
    </message>
</context>
<context>
    <name>WaitingKeys</name>
    <message>
        <source>Compare each fingerprint with the head (read aloud over the phone, or on paper under the unit&apos;s seal) before trusting it.</source>
        <translation>确认可信之前，请与单位主要负责人核对每个密钥指纹（电话中朗读核对，或以加盖单位公章的纸质材料核对）。</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>单位负责人</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Countersigned</source>
        <translation>背书份数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>How it was confirmed (phone, paper…)</source>
        <translation>核对方式（电话、纸质材料…）</translation>
    </message>
    <message>
        <source>The new key was confirmed with the head in person</source>
        <translation>已与单位负责人当面核对新密钥</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>确认可信</translation>
    </message>
    <message>
        <source>WARNING: changed key</source>
        <translation>警告：密钥已变更</translation>
    </message>
    <message>
        <source>Not trusted</source>
        <translation>未确认可信</translation>
    </message>
    <message numerus="yes">
        <source>WARNING: %n head(s) countersigned with a key different from the one already trusted. A password reset gives a new key, but so does someone signing in the head&apos;s name: confirm the new fingerprint with the head in person before trusting it.</source>
        <translation>
            <numerusform>警告：%n 名单位负责人使用了与已确认可信的密钥不同的密钥进行背书。重置密码会生成新密钥，但他人冒用负责人名义签字也会如此：确认可信之前，请与该负责人当面核对新的指纹。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Declarations of business involvement</source>
        <translation>民警参与经商办企业情况登记</translation>
    </message>
    <message>
        <source>Everything is kept in one encrypted store: a folder with the database and its key file. Create a new store if you are the administrator setting the application up for your unit; otherwise open the store your administrator prepared.</source>
        <translation>所有数据都保存在一个加密数据库中：一个文件夹，内有数据库文件及其密钥文件。如果您是为本单位部署本软件的管理员，请新建数据库；否则请打开管理员准备好的数据库。</translation>
    </message>
    <message>
        <source>Create a new store…</source>
        <translation>新建数据库…</translation>
    </message>
    <message>
        <source>Open an existing store…</source>
        <translation>打开已有数据库…</translation>
    </message>
    <message>
        <source>There is no store in {folder} yet.</source>
        <translation>{folder} 中还没有数据库。</translation>
    </message>
</context>
<context>
    <name>_AccountWorkDialog</name>
    <message>
        <source>Working… the keys are being made.</source>
        <translation>正在处理…正在生成密钥。</translation>
    </message>
</context>
</TS>
